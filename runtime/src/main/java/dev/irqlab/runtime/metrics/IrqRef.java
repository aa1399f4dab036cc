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
}
