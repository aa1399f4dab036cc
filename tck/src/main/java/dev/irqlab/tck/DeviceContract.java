package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every device plugin passes: the {@link Device} protocol as the runtime and the metrics
 * rely on it (the device numbers its data events from 1, traces {@code DeviceAsserted} for each,
 * drives its wire at the trigger's polarity, include/dt-bindings/interrupt-controller/irq.h). What a
 * driver reads and writes to consume an event is each device's own register map and is not part of
 * the contract, and neither is whether the device holds or pulses its line (its own behaviour, not
 * the wiring's). Every test runs for level-high, level-low and edge-rising wiring.
 */
public abstract class DeviceContract {

    protected static final String NAME = "dev0";
    protected static final String TRIGGERS = "wired {0}";

    /** The factory under test. */
    protected abstract DeviceFactory deviceFactory();

    /** The device's configuration: its schema's defaults unless overridden. */
    protected Config deviceConfig() {
        return Config.defaults(deviceFactory().schema());
    }

    /** A device on a fresh simulation, connected to a recording wire. */
    protected final class Rig {
        public final SimHarness harness = new SimHarness();
        public final Trigger trigger;
        public final Device device;
        public final List<Boolean> wire = new ArrayList<>();

        public Rig(Trigger trigger) {
            this.trigger = trigger;
            this.device = deviceFactory().create(new DeviceContext(harness.sim(), NAME, trigger, deviceConfig()));
            LineSink sink = wire::add;
            device.connect(sink);
        }

        public void settle() {
            harness.runFor(SimHarness.ms(2));
        }

        public List<Long> asserted() {
            return harness.trace().of(TraceEvent.DeviceAsserted.class).stream()
                    .filter(e -> e.component().equals(NAME)).map(TraceEvent.DeviceAsserted::event).toList();
        }

        /** Whether the wire was driven to the asserted level at some point. */
        public boolean wasAsserted() {
            return wire.contains(trigger.assertedLevel());
        }
    }

    @Nested
    @DisplayName("identity and idle state")
    class Idle {
        @ParameterizedTest(name = TRIGGERS)
        @EnumSource(value = Trigger.class, names = {"LEVEL_HIGH", "LEVEL_LOW", "EDGE_RISING"})
        @DisplayName("keeps its name and trigger, and after connect drives the idle level with nothing pending")
        void idle(Trigger t) {
            Rig r = new Rig(t);
            assertEquals(NAME, r.device.name());
            assertEquals(t, r.device.trigger());
            assertNotNull(r.device.registers());
            r.settle();
            assertEquals(0, r.device.pendingEvents());
            assertFalse(r.wasAsserted(), "asserted without data: " + r.wire);
            assertEquals(!t.assertedLevel(), r.device.lineLevel(), "the idle level of " + t);
            assertTrue(r.asserted().isEmpty());
        }
    }

    @Nested
    @DisplayName("data events")
    class DataEvents {
        @ParameterizedTest(name = TRIGGERS)
        @EnumSource(value = Trigger.class, names = {"LEVEL_HIGH", "LEVEL_LOW", "EDGE_RISING"})
        @DisplayName("one data event is numbered 1, traced as DeviceAsserted, pending, and asserts the wire")
        void one(Trigger t) {
            Rig r = new Rig(t);
            r.device.dataArrives();
            r.settle();
            assertEquals(List.of(1L), r.asserted());
            assertEquals(1, r.device.pendingEvents());
            assertTrue(r.wasAsserted(), "the wire never reached the asserted level: " + r.wire);
        }

        @ParameterizedTest(name = TRIGGERS)
        @EnumSource(value = Trigger.class, names = {"LEVEL_HIGH", "LEVEL_LOW", "EDGE_RISING"})
        @DisplayName("unconsumed data events add up and are numbered in order")
        void several(Trigger t) {
            Rig r = new Rig(t);
            for (int i = 0; i < 3; i++) {
                r.device.dataArrives();
                r.settle();
            }
            assertEquals(List.of(1L, 2L, 3L), r.asserted());
            assertEquals(3, r.device.pendingEvents());
        }
    }
}
