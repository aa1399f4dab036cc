package dev.irqlab.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PCI Local Bus 3.0, 2.2.6: INTx# is open drain; the shared wire is asserted while any device asserts. */
class SharedLineTest {

    private final List<Boolean> input = new ArrayList<>();

    @Test
    @DisplayName("active low: the wire is low while any device drives it low, high only when all release it")
    void activeLow() {
        SharedLine wire = new SharedLine(input::add, Trigger.LEVEL_LOW);
        LineSink a = wire.driver();
        LineSink b = wire.driver();
        a.set(true);
        b.set(true);
        a.set(false);
        b.set(false);
        a.set(true);
        b.set(true);
        assertEquals(List.of(true, false, true), input);
    }

    @Test
    @DisplayName("active high: the wire is high while any device drives it high")
    void activeHigh() {
        SharedLine wire = new SharedLine(input::add, Trigger.LEVEL_HIGH);
        LineSink a = wire.driver();
        LineSink b = wire.driver();
        a.set(false);
        b.set(true);
        a.set(true);
        b.set(false);
        a.set(false);
        assertEquals(List.of(false, true, false), input);
    }
}
