package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;

/**
 * cloud-hypervisor running one x86 VM (main of 2026-08): on KVM it always enables
 * {@code KVM_CAP_SPLIT_IRQCHIP} with 24 pins (hypervisor/src/kvm/mod.rs {@code enable_split_irq}) and
 * emulates the IO-APIC itself ({@link ChIoapic}); {@code --device} functions are vfio-pci, their INTx
 * wired by {@link ChVfioPciIntx}; the vCPUs run at {@code vm-start}.
 */
final class ChVmm implements Vmm {

    /** The x86 machine's irqchip (the local APICs in KVM). */
    static final String X86_IRQCHIP = "kvm-ioapic";

    private final VmmContext context;
    private final ChConfig config;
    private ChIoapic ioapic;
    private Vm vm;
    private boolean started;

    ChVmm(VmmContext context, ChConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public Vm createVm(Machine machine) {
        if (vm != null) {
            throw new IllegalStateException(name() + ": the VM exists already");
        }
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            throw new VmmException("platform.vmm: cloud-hypervisor is modelled on x86 only (its split irqchip and "
                    + "IO-APIC); this machine's irqchip is '" + machine.irqchipName() + "'");
        }
        ioapic = new ChIoapic(context.sim(), name() + ".ioapic", config.userspaceExitNs());
        vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                machine.irqchip(), machine.irqchipConfig(), ioapic));
        vm.irqchip().init();
        ioapic.attach(vm);
        return vm;
    }

    @Override
    public Device assign(AssignedDevice device) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": devices are wired after createVm and before start");
        }
        return new ChVfioPciIntx(vm, device, ioapic, config).wire();
    }

    @Override
    public void start(Runnable guestBoot) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": start once, after createVm");
        }
        started = true;
        context.sim().scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
            vm.start();
            guestBoot.run();
        });
    }
}
