package dev.irqlab.gic.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The active-priority stack of a CPU interface: the running priority is that of the most recent
 * acknowledge not yet dropped (IHI 0048B 3.3.2, IHI 0069 4.8.4), EOIs drop in reverse order, and the
 * model drops an out-of-order EOI's priority (IHI 0048B 3.2.1: UNPREDICTABLE).
 */
class ActivePrioritiesTest {

    @Test
    void runningPriorityIsTheMostRecentAcknowledge() {
        ActivePriorities a = new ActivePriorities();
        assertEquals(CpuInterface.IDLE, a.runningPriority(CpuInterface.IDLE));
        a.push(40, 0xa0);
        a.push(41, 0x80); // preempts 40
        assertEquals(0x80, a.runningPriority(CpuInterface.IDLE));
        assertFalse(a.popIf(40), "40 is not the most recent");
        assertTrue(a.popIf(41));
        assertEquals(0xa0, a.runningPriority(CpuInterface.IDLE));
        assertTrue(a.popIf(40));
        assertEquals(0, a.size());
    }

    @Test
    void anOutOfOrderDropRemovesOnlyThatInterruptAndKeepsTheOrder() {
        ActivePriorities a = new ActivePriorities();
        for (int i = 0; i < 20; i++) { // past the initial capacity
            a.push(32 + i, 0xf0 - 8 * i);
        }
        assertTrue(a.removeAll(40));
        assertFalse(a.contains(40));
        assertFalse(a.removeAll(40), "nothing left to drop");
        assertEquals(19, a.size());
        assertEquals(0xf0 - 8 * 19, a.runningPriority(CpuInterface.IDLE));
        assertTrue(a.popIf(51));
        assertTrue(a.popIf(50));
        assertTrue(a.popIf(49), "the entries above the removed one keep their order");
        assertTrue(a.contains(41));
        assertTrue(a.contains(39));
    }

    @Test
    void theSameInterruptTwiceIsDroppedAltogetherOutOfOrder() {
        ActivePriorities a = new ActivePriorities();
        a.push(40, 0xa0);
        a.push(41, 0x90);
        a.push(40, 0x80); // EOImode 1: deactivated by DIR before its EOIR, then taken again
        a.push(42, 0x70);
        assertTrue(a.removeAll(40));
        assertEquals(2, a.size());
        assertTrue(a.popIf(42));
        assertEquals(0x90, a.runningPriority(CpuInterface.IDLE));
    }
}
