package dev.irqlab.api.controller;

import dev.irqlab.api.Errno;
import dev.irqlab.api.irq.Trigger;
import java.util.Set;

/**
 * The operations a Linux kernel performs on an interrupt controller: a {@code struct irq_chip}.
 * Every method takes the controller's hardware interrupt number ({@code hwirq}: GIC INTID, IO-APIC
 * pin).
 *
 * <p>Protocol: only a kernel model calls these, from its flow handlers and management functions,
 * exactly where the real kernel calls the chip callback. Each call has the hardware effect the real
 * irqchip driver has (e.g. GIC {@code mask} writes {@code GICD_ICENABLER}); a virtual controller
 * additionally reports the VM exits the access causes. Optional callbacks have a {@code has...}
 * query: a kernel must not call a callback the chip does not have, just as genirq tests the
 * function pointer first.
 */
public interface IrqChip {

    /** {@code irq_chip.name} ("GICv3", "IO-APIC"). */
    String name();

    /**
     * How a kernel's trace names {@code hwirq} of this chip beside the Linux irq number,
     * {@code "irq 1 (hwirq 40)"}: the irq domain's hwirq, the number /proc/interrupts prints after the
     * chip's name. A chip whose hwirq is a number its users know by another name says so: an IO-APIC's
     * hwirq is its pin.
     */
    default String hwirqName(int hwirq) {
        return "hwirq " + hwirq;
    }

    /** {@code irq_chip.flags}. */
    Set<ChipFlag> flags();

    /** The flow handler the irqchip driver installs for {@code hwirq} with this trigger. */
    FlowType flowFor(int hwirq, Trigger trigger);

    /**
     * {@code irq_set_type}: 0, or {@code -EINVAL} for a trigger the hardware cannot do on that hwirq.
     * Called by genirq's {@code __irq_set_trigger} when the first action is requested (kernel/irq/manage.c
     * {@code __setup_irq}; since Linux 4.11 {@code irq_create_fwspec_mapping} only stores the type), and
     * only when {@link #hasSetType()}.
     */
    int setType(int hwirq, Trigger trigger);

    /**
     * Whether {@code irq_set_type} exists. Without it {@code __irq_set_trigger} returns 0 and does
     * nothing (x86 {@code ioapic_chip} has none: the trigger comes from the firmware tables at
     * activation).
     */
    default boolean hasSetType() {
        return true;
    }

    /**
     * The kernel function behind {@code irq_set_type} ({@code gic_set_type}), which genirq names with
     * {@code %pS} when it fails; the default, for a model with no such function, is the chip's name and
     * the callback's.
     */
    default String setTypeSymbol() {
        return name() + " irq_set_type";
    }

    /** {@code IRQ_SET_MASK_OK}: the affinity was set; genirq copies the requested mask. */
    int IRQ_SET_MASK_OK = 0;
    /** {@code IRQ_SET_MASK_OK_NOCOPY}: set, and the chip updated the masks itself. */
    int IRQ_SET_MASK_OK_NOCOPY = 1;
    /** {@code IRQ_SET_MASK_OK_DONE}: as OK, and no further (parent) chip needs to act. */
    int IRQ_SET_MASK_OK_DONE = 2;

    /**
     * Whether {@code irq_set_affinity} exists. genirq's {@code irq_setup_affinity} (at
     * {@code irq_startup}) and {@code irq_set_affinity} call {@link #setAffinity} only when it does
     * (kernel/irq/manage.c {@code __irq_can_set_affinity}); the default is no callback, so genirq calls
     * nothing.
     */
    default boolean hasSetAffinity() {
        return false;
    }

    /**
     * {@code irq_set_affinity(data, mask, force)}: route {@code hwirq} to the CPUs of {@code mask}
     * (already restricted to online CPUs unless {@code force}). Returns {@link #IRQ_SET_MASK_OK},
     * {@link #IRQ_SET_MASK_OK_NOCOPY}, {@link #IRQ_SET_MASK_OK_DONE} or a negative errno. Only called
     * when {@link #hasSetAffinity()}; with {@link ChipFlag#AFFINITY_PRE_STARTUP} before the startup
     * unmask, otherwise after it (kernel/irq/chip.c {@code irq_startup}).
     */
    default int setAffinity(int hwirq, CpuMask mask, boolean force) {
        throw new UnsupportedOperationException(name() + " has no irq_set_affinity");
    }

    /**
     * The irq domain's {@code activate} for {@code hwirq} ({@code irq_domain_activate_irq}), called by
     * {@code __setup_irq} for the first action after the trigger is set ({@code irq_activate}), once
     * per activation (x86: {@code mp_irqdomain_activate} programs the IO-APIC entry). 0 or a negative
     * errno, which fails the request. The default does nothing.
     */
    default int activate(int hwirq) {
        return 0;
    }

    /**
     * The irq domain's {@code deactivate} ({@code irq_domain_deactivate_irq}), called by {@code free_irq}
     * when the last action is gone, after {@code synchronize_irq}. The default does nothing.
     */
    default void deactivate(int hwirq) {
    }

    /** {@code irq_mask}. */
    void mask(int hwirq);

    /** {@code irq_unmask}. */
    void unmask(int hwirq);

    /** {@code irq_eoi}: end of interrupt (GIC: EOIR, plus DIR in EOImode 1; IO-APIC: LAPIC EOI). */
    void eoi(int hwirq);

    /** Whether {@code irq_ack} exists. */
    default boolean hasAck() {
        return false;
    }

    /** {@code irq_ack}; only called when {@link #hasAck()}. */
    default void ack(int hwirq) {
        throw new UnsupportedOperationException(name() + " has no irq_ack");
    }

    /** Whether {@code irq_mask_ack} exists (otherwise genirq does mask then ack). */
    default boolean hasMaskAck() {
        return false;
    }

    /** {@code irq_mask_ack}; only called when {@link #hasMaskAck()}. */
    default void maskAck(int hwirq) {
        throw new UnsupportedOperationException(name() + " has no irq_mask_ack");
    }

    /**
     * Whether {@code irq_disable} exists. Without it, {@code disable_irq} is lazy: the line stays
     * unmasked until the next interrupt (kernel/irq/chip.c {@code __irq_disable}).
     */
    default boolean hasDisable() {
        return false;
    }

    /** {@code irq_disable}; only called when {@link #hasDisable()}. */
    default void disable(int hwirq) {
        throw new UnsupportedOperationException(name() + " has no irq_disable");
    }

    /**
     * {@code irq_retrigger}: make the hardware raise the interrupt again (edge resend). Returns true
     * if done, false when the chip cannot (genirq then resends in software).
     */
    default boolean retrigger(int hwirq) {
        return false;
    }

    /** {@code irq_get_irqchip_state}: the state, or empty when the chip does not support it. */
    default java.util.Optional<Boolean> getIrqchipState(int hwirq, IrqchipState which) {
        return java.util.Optional.empty();
    }

    /** {@code irq_set_irqchip_state}: 0 or {@code -EINVAL}. */
    default int setIrqchipState(int hwirq, IrqchipState which, boolean value) {
        return -Errno.EINVAL;
    }

    /**
     * {@code irq_set_vcpu_affinity} as KVM uses it for a HW-mapped interrupt: while forwarded, the
     * host leaves the interrupt active at EOI for the guest to deactivate (irq-gic-v3.c
     * {@code gic_irq_set_vcpu_affinity}, {@code gic_eoimode1_eoi_irq}). 0 or {@code -EINVAL}.
     */
    default int setForwardedToVcpu(int hwirq, boolean forwarded) {
        return -Errno.EINVAL;
    }

    /**
     * {@code irq_set_wake}: 0, or an error when the chip cannot wake the system. The default is a chip
     * without the callback: 0 with {@code IRQCHIP_SKIP_SET_WAKE}, else {@code -ENXIO}, as
     * kernel/irq/manage.c {@code set_irq_wake_real} answers for it.
     */
    default int setWake(int hwirq, boolean on) {
        return flags().contains(ChipFlag.SKIP_SET_WAKE) ? 0 : -Errno.ENXIO;
    }

    /**
     * {@code handle_arch_irq}: the interrupt entry this chip's driver installs with
     * {@code set_handle_irq} (irq-gic-v3.c and irq-gic.c {@code gic_handle_irq}; x86
     * {@code common_interrupt}) — how it acknowledges {@code controller}'s CPU interface, how many
     * interrupts one entry takes, what a spurious or unmapped hwirq does. A kernel model calls it once
     * per exception entry on {@code cpu}.
     *
     * <p>The default is the bare protocol of {@link InterruptController}, for models with no driver
     * of their own: one acknowledge; the spurious value ends the entry; an unmapped hwirq is EOIed so
     * the controller is not left active.
     */
    default void handleArchIrq(InterruptController controller, int cpu, IrqEntryContext kernel) {
        int hwirq = controller.acknowledge(cpu);
        if (hwirq == InterruptController.SPURIOUS) {
            kernel.spurious();
        } else if (!kernel.handleDomainIrq(hwirq, cpu)) {
            kernel.spurious();
            eoi(hwirq);
        }
    }
}
