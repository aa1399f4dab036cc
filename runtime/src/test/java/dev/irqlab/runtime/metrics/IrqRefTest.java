package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IrqRefTest {

    @Test
    void equalByKernelAndIrqAsARecord() {
        assertEquals(new IrqRef("guest", 40), new IrqRef(new String("guest"), 40));
        assertNotEquals(new IrqRef("guest", 40), new IrqRef("guest", 41));
        assertNotEquals(new IrqRef("guest", 40), new IrqRef("host", 40));
        assertNotEquals(new IrqRef("guest", 40), "guest:40");
        assertEquals(Map.of("touch", new IrqRef("guest", 40)), Map.of("touch", new IrqRef("guest", 40)));
    }

    @Test
    void hashesAsTheRecordItWasHashes() {
        assertEquals(31 * "guest".hashCode() + 40, new IrqRef("guest", 40).hashCode());
        assertEquals(new IrqRef("host", 7).hashCode(), new IrqRef(new String("host"), 7).hashCode());
    }
}
