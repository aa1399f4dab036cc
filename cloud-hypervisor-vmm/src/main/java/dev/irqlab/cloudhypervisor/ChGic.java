package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.Errno;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.VmmException;

/**
 * cloud-hypervisor's arm64 interrupt controller (devices/src/gic.rs {@code Gic}, main of 2026-08):
 * KVM's in-kernel GICv3 ({@code create_vgic}: {@code KVM_DEV_TYPE_ARM_VGIC_V3} with an ITS, the
 * only GIC cloud-hypervisor creates) and an MSI interrupt group of {@code IRQ_LEGACY_COUNT} = 32
 * legacy interrupts from SPI 0 ({@code IRQ_LEGACY_BASE} = layout::IRQ_BASE = 32), which the serial
 * port, the RTC, the GPIO and the PCI INTx lines ({@code pci_irq_slots}) are given.
 *
 * <p>{@code Gic::enable}, at the controller's creation, before any device: every legacy interrupt's
 * irqfd, created with its route ({@code InterruptRoute::new}), gets a GSI and a
 * {@code KVM_IRQ_ROUTING_IRQCHIP} entry to its pin and is registered with {@code KVM_IRQFD} —
 * without a resamplefd (vmm/src/interrupt.rs {@code MsiInterruptGroup::update},
 * {@code InterruptRoute::enable}) — then {@code KVM_SET_GSI_ROUTING} ({@code set_gsi}).
 * {@code notifier(irq)} returns that irqfd. Nothing ever lowers the SPI: an irqfd signal raises
 * it from {@code irqfd_wakeup} through {@code kvm_arch_set_irq_inatomic} (vgic-irqfd.c: level 1,
 * "Injecting SPIs is always possible in atomic context"), and without a resampler no EOI lowers it.
 *
 * <p>Deviation: cloud-hypervisor's GSIs for these are 32..63 (vm-allocator gsi.rs
 * {@code GsiAllocator::new} on aarch64 starts at IRQ_BASE) with routes to pins 0..31; the model keeps
 * KVM's default table (GSI n to pin n), which reaches the same pins.
 */
final class ChGic implements ChInterruptController {

    /** {@code IRQ_LEGACY_COUNT}. */
    static final int LEGACY_IRQS = 32;

    private final EventFd[] irqFds = new EventFd[LEGACY_IRQS];

    /** Makes cloud-hypervisor's GIC of one run, on its VM. */
    static final class Factory {
        ChGic create(Sim sim, String name, Vm vm) {
            return new ChGic(sim, name, vm);
        }
    }

    /** {@code Gic::new}: the group's routes, then {@code enable}. */
    ChGic(Sim sim, String name, Vm vm) {
        for (int irq = 0; irq < LEGACY_IRQS; irq++) {
            irqFds[irq] = sim.eventFd(name + ".irqfd" + irq);
            int r = vm.irqfd(irqFds[irq], irq, null);
            if (r < 0) {
                throw new VmmException(name + ": KVM_IRQFD of legacy interrupt " + irq + " failed with "
                        + Errno.name(r));
            }
        }
    }

    @Override
    public int legacyIrqs() {
        return LEGACY_IRQS;
    }

    @Override
    public String irqKind() {
        return "legacy GIC interrupt (SPI)";
    }

    @Override
    public EventFd notifier(int irq) {
        return irqFds[irq];
    }

    /**
     * With a direct kernel boot the guest reads cloud-hypervisor's device tree, whose PCI host bridge
     * has an empty {@code interrupt-map} (arch/src/aarch64/fdt.rs {@code create_pci_nodes}): Linux
     * finds no route for INTx ({@code of_irq_parse_and_map_pci}), and the function's irq is 0. Booted
     * through UEFI firmware the guest reads the ACPI tables instead, whose {@code _PRT} gives INTA of
     * every slot its legacy interrupt (vmm/src/pci_segment.rs), level, active-high on a GIC
     * (drivers/acpi/pci_irq.c {@code acpi_pci_irq_enable}).
     */
    @Override
    public String intxUnrouted(ChConfig config) {
        if (config.firmwareBoot()) {
            return null;
        }
        return "cloud-hypervisor's arm64 device tree gives the PCI host bridge an empty interrupt-map "
                + "(arch/src/aarch64/fdt.rs create_pci_nodes), so a directly booted guest finds no INTx route "
                + "(of_irq_parse_and_map_pci) and the function has no irq; set vmm.boot: firmware (UEFI, ACPI "
                + "_PRT: vmm/src/pci_segment.rs)";
    }
}
