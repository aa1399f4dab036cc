package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.AccessTexts;
import dev.irqlab.vmm.core.TrappedRegion;
import dev.irqlab.vmm.core.VfioIrqSet;
import java.util.function.LongSupplier;

/**
 * cloud-hypervisor's vfio-pci INTx (pci/src/vfio.rs, main of 2026-08; the same code on x86 and arm64):
 * {@code initialize_legacy_interrupt} → {@code enable_intx}: {@code VFIO_IRQ_SET_ACTION_TRIGGER} with
 * the legacy interrupt's own irqfd ({@code interrupt_source_group.notifier(0)}, the slot's
 * {@code pci_irq_slots} entry: {@link ChInterruptController#notifier}) — on x86 the IO-APIC pin's, so
 * an INTx goes from VFIO straight to KVM on the pin's MSI route, without passing the IO-APIC; on arm64
 * the GIC's, a plain irqfd on the SPI ({@link ChGic}). No {@code ACTION_MASK}, no resamplefd (KVM would
 * refuse one under the split irqchip; cloud-hypervisor issue #4999, "vfio: Fix INTx EOI with resample
 * fd", is open). Its only INTx EOI:
 * after every trapped access to a BAR ({@code read_bar}, {@code write_bar}: "The guest reading from
 * the BAR potentially means the interrupt has been received and can be acknowledged"),
 * {@code VFIO_IRQ_SET_ACTION_UNMASK}. BARs are mmap'd by default ({@code map_mmio_regions}), so no
 * access traps unless {@code trap-bars} ({@code x_exclude_mmap_bars}).
 */
final class ChVfioPciIntx {

    private final Vm vm;
    private final AssignedDevice device;
    private final ChInterruptController controller;
    private final ChConfig config;
    private final VfioIrqSet setIrqs;
    /** The texts of its trapped BAR accesses ("&lt;device&gt; BAR read 0x4"), each built once. */
    private final AccessTexts barTexts;

    /** Makes the INTx wiring of one vfio-pci function ({@code --device}). */
    static final class Factory {
        ChVfioPciIntx create(Vm vm, AssignedDevice device, ChInterruptController controller, ChConfig config) {
            return new ChVfioPciIntx(vm, device, controller, config);
        }
    }

    ChVfioPciIntx(Vm vm, AssignedDevice device, ChInterruptController controller, ChConfig config) {
        this.vm = vm;
        this.device = device;
        this.controller = controller;
        this.config = config;
        this.setIrqs = new VfioIrqSet(device);
        this.barTexts = new AccessTexts((access, offset) -> device.vfioName() + " BAR " + access + " 0x"
                + Integer.toHexString(offset));
    }

    Device wire() {
        Forwarder vfio = device.vfio();
        if ((vfio.deviceFlags() & Vfio.DEVICE_FLAGS_PCI) == 0) {
            throw new VmmException("device '" + device.name() + "': cloud-hypervisor assigns PCI functions only "
                    + "(no vfio-platform); use forwarder vfio-pci");
        }
        if (device.forwarding() != Forwarding.IRQFD) {
            throw new VmmException("device '" + device.name() + "': cloud-hypervisor's vfio-pci INTx is a plain "
                    + "irqfd on the legacy interrupt's route, with no resamplefd (pci/src/vfio.rs enable_intx; issue "
                    + "#4999); forwarding " + device.forwarding().label() + " does not exist there; use "
                    + "forwarding: irqfd");
        }
        if (vfio.irqInfo(Vfio.PCI_INTX_IRQ_INDEX).count() == 0) {
            return device.device(); // "A count of 0 means the INTx IRQ is not supported"
        }
        String unrouted = controller.intxUnrouted(config);
        if (unrouted != null) {
            throw new VmmException("device '" + device.name() + "': " + unrouted);
        }
        int pin = device.irqs().get(0).guestPin();
        if (pin < 0 || pin >= controller.legacyIrqs()) {
            throw new VmmException("device '" + device.name() + "': INTx GSI " + pin + " is no " + controller.irqKind()
                    + " (0.." + (controller.legacyIrqs() - 1) + ")");
        }
        setIrqs.trigger(Vfio.PCI_INTX_IRQ_INDEX, controller.notifier(pin));
        return config.trapBars() ? TrappedRegion.trapped(device.device(), this::trapped) : device.device();
    }

    /** One trapped BAR access: the exit, the region access, then the INTx EOI ({@code unmask_irq}). */
    private long trapped(String access, int offset, LongSupplier perform) {
        vm.exitToVmm(ExitCause.MMIO, barTexts.of(access, offset), config.userspaceExitNs());
        long value = perform.getAsLong();
        setIrqs.unmaskResult(Vfio.PCI_INTX_IRQ_INDEX);
        return value;
    }
}
