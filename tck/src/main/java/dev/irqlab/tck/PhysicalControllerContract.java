package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every physical interrupt-controller plugin passes. A plugin's test subclasses this
 * and says how to build its controller; the {@code @Nested} classes below run against it.
 *
 * <p>The controller starts as its Linux irqchip driver's initialisation leaves it: every interrupt
 * masked, routed to CPU 0, priority / vector assigned. The tests drive it the way genirq does:
 * {@code setType}, {@code unmask}, acknowledge, {@code eoi}.
 */
public abstract class PhysicalControllerContract {

    protected SimHarness harness;
    protected PhysicalInterruptController controller;
    protected CpuLineProbe cpu0;

    /** Builds the controller under test on the harness's simulation. */
    protected abstract PhysicalInterruptController newController(SimHarness harness);

    /** A device-tree line number that exists on this controller (GIC SPI number, IO-APIC pin). */
    protected int deviceLine() {
        return 8;
    }

    @BeforeEach
    void setUpController() {
        harness = new SimHarness();
        controller = newController(harness);
        cpu0 = new CpuLineProbe();
        controller.connectCpu(0, cpu0);
    }

    protected int hwirq() {
        return controller.hwirqForLine(deviceLine());
    }

    protected LineSink line() {
        return controller.input(hwirq());
    }

    /** Settle whatever the controller scheduled (delivery latencies). */
    protected void settle() {
        harness.runFor(SimHarness.ms(1));
    }

    @Nested
    @DisplayName("identity and introspection")
    class Identity {
        @Test
        @DisplayName("a line number maps to a hwirq and an out-of-range one to -1")
        void mapsLines() {
            assertTrue(hwirq() >= 0);
            assertEquals(-1, controller.hwirqForLine(1_000_000));
        }

        @Test
        @DisplayName("every interrupt has a state with a summary and named fields")
        void pinState() {
            var s = controller.state(hwirq());
            assertFalse(s.summary().isBlank());
            assertFalse(s.fields().isEmpty());
        }

        @Test
        @DisplayName("registers are named as in the manual and an unknown name is refused with the known ones")
        void registers() {
            var names = controller.registers().names();
            assertFalse(names.isEmpty());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> controller.registers().read("NO_SUCH_REGISTER", 0));
            assertTrue(e.getMessage().contains(names.get(0)), e.getMessage());
        }

        @Test
        @DisplayName("setType answers 0 or -EINVAL for every trigger and never throws")
        void setTypeNeverThrows() {
            for (Trigger t : Trigger.values()) {
                int r = controller.chip().setType(hwirq(), t);
                assertTrue(r == 0 || r == -Errno.EINVAL, t + " -> " + r);
            }
            assertEquals(0, controller.chip().setType(hwirq(), Trigger.LEVEL_HIGH));
            assertEquals(0, controller.chip().setType(hwirq(), Trigger.EDGE_RISING));
        }
    }

    @Nested
    @DisplayName("a level-high interrupt")
    class Level {
        @BeforeEach
        void configure() {
            assertEquals(0, ChipSetup.configure(controller.chip(), hwirq(), Trigger.LEVEL_HIGH));
        }

        @Test
        @DisplayName("is not signalled while masked, and is signalled once unmasked if the line is still high")
        void maskedThenUnmasked() {
            line().set(true);
            settle();
            assertFalse(cpu0.asserted());
            assertEquals(InterruptController.SPURIOUS, controller.acknowledge(0));
            controller.chip().unmask(hwirq());
            settle();
            assertTrue(cpu0.asserted());
            assertEquals(hwirq(), controller.acknowledge(0));
        }

        @Test
        @DisplayName("is not signalled again after acknowledge until EOI, then again while the line stays high")
        void notAgainUntilEoi() {
            controller.chip().unmask(hwirq());
            line().set(true);
            settle();
            assertEquals(hwirq(), controller.acknowledge(0));
            settle();
            assertEquals(InterruptController.SPURIOUS, controller.acknowledge(0));
            controller.chip().eoi(hwirq());
            settle();
            assertEquals(hwirq(), controller.acknowledge(0), "line still high: signalled again after EOI");
        }

        @Test
        @DisplayName("is not signalled after EOI once the line went low")
        void quietAfterLineLow() {
            controller.chip().unmask(hwirq());
            line().set(true);
            settle();
            assertEquals(hwirq(), controller.acknowledge(0));
            line().set(false);
            controller.chip().eoi(hwirq());
            settle();
            assertFalse(cpu0.asserted());
            assertEquals(InterruptController.SPURIOUS, controller.acknowledge(0));
        }
    }

    @Nested
    @DisplayName("an edge-rising interrupt")
    class Edge {
        @BeforeEach
        void configure() {
            assertEquals(0, ChipSetup.configure(controller.chip(), hwirq(), Trigger.EDGE_RISING));
            controller.chip().unmask(hwirq());
        }

        @Test
        @DisplayName("is delivered once per pulse")
        void oncePerPulse() {
            line().set(true);
            line().set(false);
            settle();
            assertEquals(hwirq(), controller.acknowledge(0));
            controller.chip().eoi(hwirq());
            settle();
            assertEquals(InterruptController.SPURIOUS, controller.acknowledge(0));
        }
    }
}
