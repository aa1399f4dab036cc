package dev.irqlab.cloudhypervisor;

import com.google.inject.Inject;
import com.google.inject.assistedinject.Assisted;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.AbstractVmm;

/**
 * cloud-hypervisor running one x86 VM (main of 2026-08): on KVM it always enables
 * {@code KVM_CAP_SPLIT_IRQCHIP} with 24 pins (hypervisor/src/kvm/mod.rs {@code enable_split_irq}) and
 * emulates the IO-APIC itself ({@link ChIoapic}); {@code --device} functions are vfio-pci, their INTx
 * wired by {@link ChVfioPciIntx}; the vCPUs run at {@code vm-start}.
 */
final class ChVmm extends AbstractVmm {

    private final ChIoapic.Factory ioapics;
    private final ChVfioPciIntx.Factory intxWirings;
    private final ChConfig config;
    private ChIoapic ioapic;

    /** Makes cloud-hypervisor for one run; the plugin's Guice module supplies its parts. */
    interface Factory {
        ChVmm create(VmmContext context, ChConfig config);
    }

    @Inject
    ChVmm(ChIoapic.Factory ioapics, ChVfioPciIntx.Factory intxWirings, @Assisted VmmContext context,
          @Assisted ChConfig config) {
        super(context);
        this.ioapics = ioapics;
        this.intxWirings = intxWirings;
        this.config = config;
    }

    @Override
    protected Vm buildVm(Machine machine) {
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            throw new VmmException("platform.vmm: cloud-hypervisor is modelled on x86 only (its split irqchip and "
                    + "IO-APIC); this machine's irqchip is '" + machine.irqchipName() + "'");
        }
        ioapic = ioapics.create(sim(), name() + ".ioapic", config.userspaceExitNs());
        Vm vm = kvmCreateVm(config.vmName(), machine, ioapic);
        ioapic.attach(vm);
        return vm;
    }

    @Override
    protected Device wire(AssignedDevice device) {
        return intxWirings.create(vm(), device, ioapic, config).wire();
    }

    @Override
    protected void boot(Runnable guestBoot) {
        scheduleVmStart(() -> { }, guestBoot);
    }
}
