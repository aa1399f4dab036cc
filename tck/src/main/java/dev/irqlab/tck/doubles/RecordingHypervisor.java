package dev.irqlab.tck.doubles;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.runtime.engine.HostCpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A hypervisor that builds {@link RecordingVm}s and keeps each spec it was given: what a VMM asks of
 * KVM is logged as {@code "<time> <ioctl> <arguments>"}, in order, and answered as configured.
 */
public final class RecordingHypervisor implements Hypervisor {

    private final Sim sim;
    private final List<VmSpec> specs = new ArrayList<>();
    private final List<RecordingVm> vms = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private int irqfdResult;

    public RecordingHypervisor(Sim sim) {
        this.sim = sim;
    }

    @Override
    public String name() {
        return "recording-hv";
    }

    @Override
    public Vm createVm(VmSpec spec) {
        specs.add(spec);
        RecordingVm vm = new RecordingVm(spec);
        vms.add(vm);
        log.add(sim.now() + " KVM_CREATE_VM " + spec.name() + " vcpus " + spec.vcpus() + " irqchip " + spec.irqchipName());
        return vm;
    }

    /** Every {@code KVM_IRQFD} is answered with {@code result} (0 or a negative errno) from now on. */
    public void answerIrqfd(int result) {
        irqfdResult = result;
    }

    public List<VmSpec> specs() {
        return List.copyOf(specs);
    }

    public List<RecordingVm> vms() {
        return List.copyOf(vms);
    }

    /** Every call the VMM made, in order. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** One VM: its irqchip built through the spec's factory, the VMM's calls logged. */
    public final class RecordingVm implements Vm {
        private final VmSpec spec;
        private final VirtualInterruptController irqchip;
        private final HostCpus vcpus;

        RecordingVm(VmSpec spec) {
            this.spec = spec;
            this.vcpus = new HostCpus(sim.scheduler(), spec.vcpus());
            this.irqchip = spec.irqchip().create(new VirtualControllerContext(sim, spec.name() + "."
                    + spec.irqchipName(), spec.vcpus(), spec.irqchipConfig(), java.util.Set.of(), (cause, detail) -> { },
                    spec.userspaceIoApic()));
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public int vcpus() {
            return spec.vcpus();
        }

        @Override
        public VirtualInterruptController irqchip() {
            return irqchip;
        }

        @Override
        public CpuExecutor executor() {
            return vcpus;
        }

        @Override
        public void start() {
            log.add(sim.now() + " start " + spec.name());
            irqchip.init();
        }

        @Override
        public void attachGuest(IntFunction<CpuIrqLine> guestCpu) {
            for (int v = 0; v < spec.vcpus(); v++) {
                irqchip.connectCpu(v, guestCpu.apply(v));
            }
        }

        @Override
        public int irqfd(EventFd fd, int gsi, EventFd resampleFd) {
            log.add(sim.now() + " KVM_IRQFD " + fd.name() + " gsi " + gsi
                    + (resampleFd == null ? "" : " resample " + resampleFd.name()) + " = " + result(irqfdResult));
            return irqfdResult;
        }

        @Override
        public int irqfdDeassign(EventFd fd, int gsi) {
            log.add(sim.now() + " KVM_IRQFD deassign " + fd.name() + " gsi " + gsi);
            return 0;
        }

        @Override
        public int irqLine(int gsi, boolean level) {
            log.add(sim.now() + " KVM_IRQ_LINE gsi " + gsi + " " + (level ? 1 : 0));
            return 0;
        }

        /** Logged and accepted (the toy irqchips keep no MSI routes). */
        @Override
        public int setMsiRoute(int gsi, long address, int data) {
            log.add(sim.now() + " KVM_SET_GSI_ROUTING gsi " + gsi + " msi 0x" + Long.toHexString(address) + " 0x"
                    + Integer.toHexString(data));
            return 0;
        }

        @Override
        public void exitToVmm(ExitCause cause, String detail, long vmmNs) {
            log.add(sim.now() + " exit to VMM " + cause.label() + " " + detail + " +" + vmmNs + "ns");
        }

        @Override
        public Map<ExitCause, Long> exitCounts() {
            return Map.of();
        }
    }

    private static String result(int r) {
        return r < 0 ? Errno.name(r) : Integer.toString(r);
    }
}
