package dev.irqlab.runtime.metrics;

import java.util.Objects;

/** The guest kernel and the Linux irq number a device's interrupt arrives at. */
public record IrqRef(String kernel, int irq) {

    public IrqRef {
        Objects.requireNonNull(kernel, "kernel");
        if (irq < 0) {
            throw new IllegalArgumentException("irq must be >= 0, was " + irq + " (kernel " + kernel + ")");
        }
    }

    /**
     * As the record's own: the same kernel and irq. Written out because a run compares its stack's irqs
     * with the last run's spec ({@code ScenarioRunner}), and the generated one goes through a method handle.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof IrqRef r && irq == r.irq && kernel.equals(r.kernel);
    }

    /** As the record's own: {@code 31 * kernel.hashCode() + irq}. */
    @Override
    public int hashCode() {
        return 31 * kernel.hashCode() + irq;
    }
}
