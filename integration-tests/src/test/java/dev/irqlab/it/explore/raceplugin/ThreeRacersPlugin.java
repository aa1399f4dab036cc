package dev.irqlab.it.explore.raceplugin;

import dev.irqlab.api.Spi;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-only model for the explorer's reductions (its service file is outside
 * {@code META-INF/services} of the test class path; {@code ThreeRacersTest} loads it with a class
 * loader of its own): a device {@code three-racers} that models no hardware. Each data event starts
 * three actors at one instant, on shared variables {@code x} and {@code y} (each a component of its
 * own, so that the explorer's observed footprints see exactly these accesses):
 *
 * <pre>
 *   race.p: x := 1
 *   race.q: y := 1
 *   race.r: z := 1; m := y; if m == 0 then n := x
 * </pre>
 *
 * The example of sleep-set blocking in Abdulla, Aronis, Jonsson and Sagonas, "Optimal dynamic
 * partial order reduction" (POPL 2014), section 3, in this engine's terms: three trace classes
 * (r reads y before or after q writes it, and, when before, reads x before or after p writes it).
 * Source sets add {@code r} at the first choice point to reverse p's race with r's read of x; a run
 * that starts with r's first step and then takes q (the first event not asleep) makes r's read of y
 * see 1, never reads x, and ends with only p enabled, asleep: a sleep-set blocked run. A wakeup
 * tree keeps the whole reversing sequence (r, r, q, r) and runs it.
 */
public final class ThreeRacersPlugin extends AbstractIrqlabPlugin {

    public static final String DEVICE = "three-racers";

    public ThreeRacersPlugin() {
        super("three-racers", "three actors racing on two variables (explorer test)",
                new Capabilities(Map.of(Role.DEVICE, Set.of(DEVICE)), Set.of(), Set.of(), Set.of()), List.of());
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    protected void configure() {
        bindFactory(DeviceFactory.class, DEVICE, Factory.class);
    }

    /** Builds {@link Racers}. */
    static final class Factory implements DeviceFactory {
        @Override
        public List<ConfigKey> schema() {
            return List.of();
        }

        @Override
        public Device create(DeviceContext context) {
            return new Racers(context.sim(), context.name(), context.trigger());
        }

        @Override
        public String summary() {
            return "three actors racing on two variables; never raises its line";
        }

        @Override
        public String source() {
            return "Abdulla et al., Optimal dynamic partial order reduction (POPL 2014), section 3";
        }
    }

    /** The device: its line stays low; each data event runs the three actors once. */
    static final class Racers implements Device {
        private final Sim sim;
        private final String name;
        private final Trigger trigger;
        private long x;
        private long y;

        Racers(Sim sim, String name, Trigger trigger) {
            this.sim = sim;
            this.name = name;
            this.trigger = trigger;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Trigger trigger() {
            return trigger;
        }

        @Override
        public void connect(LineSink line) {
            // never driven
        }

        @Override
        public void dataArrives() {
            sim.scheduler().scheduleOn("race.p", 0, "p: x := 1", () -> {
                set(name + ".x", "value", x, 1);
                x = 1;
            });
            sim.scheduler().scheduleOn("race.q", 0, "q: y := 1", () -> {
                set(name + ".y", "value", y, 1);
                y = 1;
            });
            sim.scheduler().scheduleOn("race.r", 0, "r: z := 1", () -> {
                set(name + ".z", "value", 0, 1);
                sim.scheduler().scheduleOn("race.r", 0, "r: m := y", () -> {
                    long m = y;
                    set(name + ".y", "read by r", -1, m);
                    if (m == 0) {
                        sim.scheduler().scheduleOn("race.r", 0, "r: n := x",
                                () -> set(name + ".x", "read by r", -1, x));
                    }
                });
            });
        }

        /** A traced access: the component is the variable, so the footprint names it. */
        private void set(String component, String field, long from, long to) {
            sim.trace().emit(new TraceEvent.StateChanged(sim.scheduler().now(), component, "var", field,
                    Long.toString(from), Long.toString(to), "three-racers"));
        }

        @Override
        public int pendingEvents() {
            return 0;
        }

        @Override
        public boolean lineLevel() {
            return false;
        }

        @Override
        public DeviceRegisters registers() {
            return new DeviceRegisters() {
                @Override
                public long read(int offset) {
                    return 0;
                }

                @Override
                public void write(int offset, long value) {
                }
            };
        }
    }
}
