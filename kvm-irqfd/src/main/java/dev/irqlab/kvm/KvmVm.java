package dev.irqlab.kvm;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One KVM VM ({@code struct kvm}): vCPUs, the in-kernel irqchip, default GSI routing and the irqfds.
 * Upstream behaviour throughout; the scenario's fixes choose the resampler variant.
 */
public final class KvmVm implements Vm {

    private final String name;
    private final int vcpus;
    private final KvmConfig config;
    private final VcpuExecutor executor;
    private final VmExits exits;
    private final VirtualInterruptController irqchip;
    private final GsiRouting routing;
    private final KvmIrqfds irqfds;
    private final ResamplerVariant variant;
    private boolean guestAttached;
    private boolean started;

    /** Makes a VM with a run's values ({@code KVM_CREATE_VM}). */
    static final class Factory {
        KvmVm create(Sim sim, VmSpec spec, KvmConfig config, Set<String> fixes, int hostHz) {
            return new KvmVm(sim, spec, config, fixes, hostHz);
        }
    }

    KvmVm(Sim sim, VmSpec spec, KvmConfig config, Set<String> fixes, int hostHz) {
        String irqchipName = spec.irqchipName();
        this.name = spec.name();
        this.vcpus = spec.vcpus();
        this.config = config;
        this.executor = new VcpuExecutor(sim.scheduler(), name, vcpus);
        this.exits = new VmExits(sim, name, executor, config);
        this.irqchip = spec.irqchip().create(new VirtualControllerContext(sim, name + "." + irqchipName, vcpus,
                spec.irqchipConfig(), fixes, exits, spec.userspaceIoApic(), hostHz));
        executor.attach(irqchip, exits);
        this.routing = new GsiRouting(irqchip);
        this.variant = ResamplerVariant.fromFixes(fixes);
        if (variant == ResamplerVariant.MASK_NOTIFIER && !irqchip.hasMaskNotifiers()) {
            throw new IllegalArgumentException("fix '" + variant.fix() + "' needs a virtual controller that fires "
                    + "mask notifiers; " + irqchip.name() + " fires none (choose fix 'none' or '"
                    + ResamplerVariant.RESAMPLE_ON_EOI.fix() + "', or another controller)");
        }
        this.irqfds = new KvmIrqfds(sim, irqchip, routing, variant,
                config.irqfdInjectLatencyNs(), IrqfdWaitQueue.of(config.kvmVersion()), config.resamplerAckWindowNs());
        // kvm_notify_irqfd_resampler, for controllers whose fixes resample at unmask (x86 fef8f2b9).
        irqchip.setResamplerHook(irqfds::notifyIrqfdResampler);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vcpus() {
        return vcpus;
    }

    @Override
    public VirtualInterruptController irqchip() {
        return irqchip;
    }

    @Override
    public CpuExecutor executor() {
        return executor;
    }

    /**
     * The VMM's start of the VM: the irqchip's final initialisation (arm64
     * {@code KVM_DEV_ARM_VGIC_CTRL_INIT}; before it a GICv3 vGIC refuses injections with
     * {@code -EBUSY}, vgic-init.c {@code vgic_lazy_init}), then the vCPUs run.
     */
    @Override
    public void start() {
        if (started) {
            throw new IllegalStateException(name + ": started twice");
        }
        started = true;
        irqchip.init();
    }

    /**
     * Connects the controller's output for each vCPU to the guest's interrupt entry. A level change
     * reaches the guest after {@code injection-latency} (the kick and the world switch), through the
     * vCPU executor, so it waits while the vCPU is busy in an exit; changes keep their order.
     */
    @Override
    public void attachGuest(IntFunction<CpuIrqLine> guestCpu) {
        if (guestAttached) {
            throw new IllegalStateException(name + ": guest attached twice");
        }
        guestAttached = true;
        VcpuIrqLine[] lines = new VcpuIrqLine[vcpus];
        for (int v = 0; v < vcpus; v++) {
            lines[v] = new VcpuIrqLine(v, guestCpu.apply(v));
            irqchip.connectCpu(v, lines[v]);
        }
        executor.interruptPending(v -> lines[v].level);
    }

    /**
     * A vCPU's virtual interrupt input. Raising it costs the injection latency (the kick,
     * {@code kvm_vcpu_kick}, and the entry that presents the interrupt); lowering it is immediate,
     * because the virtual controller lowers it when the guest acknowledges (the LR goes active, the
     * LAPIC moves the vector from IRR to ISR) and the CPU then no longer sees a pending interrupt. A
     * raise that arrives after the line went down again delivers nothing.
     */
    private final class VcpuIrqLine implements CpuIrqLine {
        private final int vcpu;
        private final CpuIrqLine guest;
        private boolean level;
        /** The raise as it arrives at the vCPU (the line's level then), made once. */
        private final Runnable arrive;

        VcpuIrqLine(int vcpu, CpuIrqLine guest) {
            this.vcpu = vcpu;
            this.guest = guest;
            this.arrive = () -> guest.set(level);
        }

        @Override
        public void set(boolean asserted) {
            level = asserted;
            if (asserted) {
                executor.run(vcpu, config.injectionLatencyNs(), "irq line up", arrive);
            } else {
                guest.set(false);
            }
        }
    }

    /** {@code KVM_IRQFD}; see {@link KvmIrqfds#assign}. */
    @Override
    public int irqfd(EventFd fd, int gsi, EventFd resampleFd) {
        return irqfds.assign(fd, gsi, resampleFd);
    }

    /** {@code KVM_IRQFD} with {@code KVM_IRQFD_FLAG_DEASSIGN}; 0 even if nothing matched. */
    @Override
    public int irqfdDeassign(EventFd fd, int gsi) {
        return irqfds.deassign(fd, gsi);
    }

    /**
     * {@code KVM_IRQ_LINE}: {@code kvm_set_irq(KVM_USERSPACE_IRQ_SOURCE_ID, gsi, level)}. A GSI outside
     * the routing is {@code -EINVAL} (arm64 {@code kvm_vm_ioctl_irq_line}: {@code vgic_valid_spi};
     * x86 would return 0 with status -1).
     */
    @Override
    public int irqLine(int gsi, boolean level) {
        if (routing.pin(gsi) < 0) {
            return -Errno.EINVAL;
        }
        irqfds.setIrq(IrqSource.USERSPACE, gsi, level);
        return 0;
    }

    /** {@code KVM_SET_GSI_ROUTING} with one MSI entry; the irqchip keeps the routing table it delivers from. */
    @Override
    public int setMsiRoute(int gsi, long address, int data) {
        return irqchip.setMsiRoute(gsi, address, data);
    }

    @Override
    public void exitToVmm(ExitCause cause, String detail, long vmmNs) {
        exits.exit(cause, detail, vmmNs);
    }

    @Override
    public Map<ExitCause, Long> exitCounts() {
        return exits.counts();
    }

    /** The irqfd resampler variant in use. */
    public ResamplerVariant resamplerVariant() {
        return variant;
    }

    /** The irqfd bookkeeping, for tests in this package. */
    KvmIrqfds irqfdsForTest() {
        return irqfds;
    }
}
