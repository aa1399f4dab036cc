package dev.irqlab.kvmlive.live;

/**
 * One guest step the host saw (a marker {@code KVM_EXIT_IO}), with the state read at that exit.
 *
 * @param round     the device event (1-based) being handled
 * @param irq       the guest interrupt (1-based, over the run) this step belongs to
 * @param step      the guest step: "entry", "masked", "eoi", "thread", "unmasked" or "done"
 * @param resample  resamplefd count read (and cleared) at this exit
 * @param irr       IO-APIC irr bit of the pin ({@code KVM_GET_IRQCHIP})
 * @param remoteIrr the entry's Remote IRR
 * @param masked    the entry's mask
 * @param lapicIsr  the vector's LAPIC ISR bit ({@code KVM_GET_LAPIC})
 * @param lapicIrr  the vector's LAPIC IRR bit
 * @param note      what the host did at this exit
 */
public record LiveStep(int round, int irq, String step, long resample, boolean irr, boolean remoteIrr, boolean masked,
                       boolean lapicIsr, boolean lapicIrr, String note) {

    @Override
    public String toString() {
        return String.format("%3d %3d  %-9s resample=%d irr=%d rirr=%d mask=%d | ISR=%d IRR=%d  %s", round, irq, step,
                resample, b(irr), b(remoteIrr), b(masked), b(lapicIsr), b(lapicIrr), note);
    }

    private static int b(boolean v) {
        return v ? 1 : 0;
    }
}
