package dev.irqlab.cloudhypervisor;

import com.google.inject.Inject;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.AbstractVmm;

/**
 * cloud-hypervisor running one VM (main of 2026-08). x86: on KVM it always enables
 * {@code KVM_CAP_SPLIT_IRQCHIP} with 24 pins (hypervisor/src/kvm/mod.rs {@code enable_split_irq}) and
 * emulates the IO-APIC itself ({@link ChIoapic}). arm64: KVM's in-kernel GICv3 with the legacy
 * interrupts' irqfds ({@link ChGic}). {@code --device} functions are vfio-pci, their INTx wired by
 * {@link ChVfioPciIntx} on the controller's legacy interrupt; the vCPUs run at {@code vm-start}.
 */
final class ChVmm extends AbstractVmm {

    /** The irqchip cloud-hypervisor creates on arm64. */
    static final String ARM64_IRQCHIP = "vgic-v3";

    private final ChIoapic.Factory ioapics;
    private final ChGic.Factory gics;
    private final ChVfioPciIntx.Factory intxWirings;
    private final ChConfig config;
    private ChInterruptController controller;

    /** Makes cloud-hypervisor for one run; the plugin's Guice module supplies its parts. */
    static final class Factory {
        private final ChIoapic.Factory ioapics;
        private final ChGic.Factory gics;
        private final ChVfioPciIntx.Factory intxWirings;

        @Inject
        Factory(ChIoapic.Factory ioapics, ChGic.Factory gics, ChVfioPciIntx.Factory intxWirings) {
            this.ioapics = ioapics;
            this.gics = gics;
            this.intxWirings = intxWirings;
        }

        ChVmm create(VmmContext context, ChConfig config) {
            return new ChVmm(ioapics, gics, intxWirings, context, config);
        }
    }

    ChVmm(ChIoapic.Factory ioapics, ChGic.Factory gics, ChVfioPciIntx.Factory intxWirings, VmmContext context,
          ChConfig config) {
        super(context);
        this.ioapics = ioapics;
        this.gics = gics;
        this.intxWirings = intxWirings;
        this.config = config;
    }

    @Override
    protected Vm buildVm(Machine machine) {
        if (machine.irqchipName().equals(ARM64_IRQCHIP)) {
            Vm vm = kvmCreateVm(config.vmName(), machine, null);
            controller = gics.create(sim(), name() + ".gic", vm);
            return vm;
        }
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            throw new VmmException("platform.vmm: cloud-hypervisor creates a split irqchip with its own IO-APIC "
                    + "on x86 and KVM's GICv3 on arm64 (KVM_DEV_TYPE_ARM_VGIC_V3: hypervisor/src/kvm/aarch64/gic, "
                    + "its only GIC); this machine's irqchip is '" + machine.irqchipName() + "'");
        }
        ChIoapic ioapic = ioapics.create(sim(), name() + ".ioapic", config.userspaceExitNs());
        Vm vm = kvmCreateVm(config.vmName(), machine, ioapic);
        ioapic.attach(vm);
        controller = ioapic;
        return vm;
    }

    @Override
    protected Device wire(AssignedDevice device) {
        return intxWirings.create(vm(), device, controller, config).wire();
    }

    @Override
    protected void boot(Runnable guestBoot) {
        scheduleVmStart(() -> { }, guestBoot);
    }
}
