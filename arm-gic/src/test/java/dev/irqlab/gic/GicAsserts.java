package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.gic.arch.GicIrqState;
import dev.irqlab.gic.arch.GicSpi;
import dev.irqlab.gic.kvm.VgicIrqState;

/** Assertions on the GIC's interrupt state machine and enable bit, as values. */
final class GicAsserts {

    private GicAsserts() {
    }

    static void assertState(GicIrqState state, boolean enabled, VgicIrqState irq) {
        assertState(state, enabled, irq, "");
    }

    static void assertState(GicIrqState state, boolean enabled, VgicIrqState irq, String message) {
        assertEquals(state, irq.state(), message);
        assertEquals(enabled, irq.enabled(), message);
    }

    static void assertState(GicIrqState state, boolean enabled, GicSpi spi) {
        assertState(state, enabled, spi, "");
    }

    static void assertState(GicIrqState state, boolean enabled, GicSpi spi, String message) {
        assertEquals(state, spi.state(), message);
        assertEquals(enabled, spi.enabled(), message);
    }
}
