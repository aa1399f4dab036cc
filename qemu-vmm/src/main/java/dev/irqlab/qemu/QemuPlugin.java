package dev.irqlab.qemu;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "qemu": QEMU as the VMM of a run (VmmFactory {@code qemu}): it creates the VM, wires each
 * vfio-platform device's interrupts as hw/vfio/platform.c does, and starts the VM, with its
 * start-time option (the forced unmask). Any architecture: QEMU's vfio-platform wiring does not
 * depend on it.
 */
public final class QemuPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "qemu";

    private static List<MessageKey> messageKeys() {
        String platform = "QEMU hw/vfio/platform.c: ";
        String pci = "QEMU hw/vfio/pci.c: ";
        return List.of(
                new MessageKey("qemu.eventfd_injection", "an irq of a vfio-platform device is injected from user "
                        + "space (KVM_IRQFD failed, or x-irqfd=off)", platform + "vfio_start_irqfd_injection, fail_irqfd"),
                new MessageKey("qemu.vfio_platform_intp_interrupt", "QEMU's main loop took the trigger eventfd: "
                        + "slow path on, KVM_IRQ_LINE 1", platform + "vfio_intp_interrupt"),
                new MessageKey("qemu.vfio_intp_interrupt_set_pending", "an irq signalled while another irq of the "
                        + "device is active waits as pending", platform + "vfio_intp_interrupt"),
                new MessageKey("qemu.vfio_platform_eoi", "a trapped access ended the active irq: KVM_IRQ_LINE 0, "
                        + "VFIO unmask", platform + "vfio_platform_eoi"),
                new MessageKey("qemu.vfio_platform_intp_inject_pending_lockheld", "the EOI injected the first "
                        + "pending irq", platform + "vfio_intp_inject_pending_lockheld"),
                new MessageKey("qemu.ioapic_eoi_delayed_reassert", "kernel-irqchip=split: the 10000th successive EOI "
                        + "re-service of a level pin in a row is delayed by 10 ms", "QEMU hw/intc/ioapic.c: "
                        + "ioapic_eoi_broadcast (SUCCESSIVE_IRQ_MAX_COUNT)"),
                new MessageKey("qemu.vfio_intx_interrupt", "vfio-pci INTx through QEMU: the main loop took the "
                        + "INTx eventfd, pci_irq_assert, BARs trapped", pci + "vfio_intx_interrupt"),
                new MessageKey("qemu.vfio_pci_intx_eoi", "vfio-pci INTx through QEMU: a trapped BAR access ended "
                        + "the pending INTx: pci_irq_deassert, VFIO unmask", pci + "vfio_pci_intx_eoi"),
                new MessageKey("qemu.vfio_intx_enable_kvm_failed", "KVM_IRQFD with resamplefd failed for a vfio-pci "
                        + "INTx: QEMU's main loop takes it", pci + "vfio_intx_enable_kvm, vfio_intx_enable"),
                new MessageKey("qemu.vfio_platform_intp_mmap_enable", "the mmap timer found an irq still active and "
                        + "re-armed (the slow path stays)", platform + "vfio_intp_mmap_enable"));
    }

    public QemuPlugin() {
        super(NAME, "QEMU as the VMM: VM creation, vfio-platform interrupt wiring, VM start and its options",
                new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of()),
                messageKeys());
    }

    /**
     * The component graph: QEMU ({@link QemuVmm}) and its device models, each from its part
     * factory, which takes a run's values — the user-space IO-APIC of the split irqchip
     * ({@link QemuIoApic}), a vfio-pci device's INTx wiring ({@link VfioPciIntxWiring}), a
     * vfio-platform device's irq wiring ({@link VfioPlatformIrqWiring}) with its user-space fallback
     * ({@link VfioPlatformEventfdInjection}).
     */
    @Override
    protected void configure() {
        bind(QemuVmm.Factory.class);
        bind(QemuIoApic.Factory.class);
        bind(VfioPciIntxWiring.Factory.class);
        bind(VfioPciIntxSlowPath.Factory.class);
        bind(VfioPlatformIrqWiring.Factory.class);
        bind(VfioPlatformEventfdInjection.Factory.class);
        bindFactory(VmmFactory.class, NAME, QemuVmmFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }
}
