package dev.irqlab.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChoicePointTest {

    /** Answers a fixed list of picks (0 after it) and records what it was asked. */
    private static final class Picks implements Chooser {
        final List<Integer> picks;
        final List<List<String>> asked = new ArrayList<>();

        Picks(Integer... picks) {
            this.picks = List.of(picks);
        }

        @Override
        public int choose(Kind kind, long timeNs, List<String> alternatives) {
            asked.add(alternatives);
            return asked.size() <= picks.size() ? picks.get(asked.size() - 1) : 0;
        }
    }

    private static List<String> run(Chooser chooser) {
        EventQueue q = new EventQueue();
        q.setChooser(chooser);
        List<String> ran = new ArrayList<>();
        q.scheduleOn("cpu0", 10, "a1", () -> ran.add("a1"));
        q.scheduleOn("cpu1", 10, "b1", () -> ran.add("b1"));
        q.scheduleOn("cpu0", 10, "a2", () -> ran.add("a2"));
        q.schedule(10, "timer", () -> ran.add("timer"));
        q.scheduleOn("cpu1", 20, "b2", () -> ran.add("b2"));
        q.runUntil(Long.MAX_VALUE, false);
        return ran;
    }

    @Test
    @DisplayName("a chooser that always answers 0 gives the plain order (time, then queue order)")
    void zeroIsThePlainOrder() {
        assertEquals(run(null), run(new Picks()));
        assertEquals(List.of("a1", "b1", "a2", "timer", "b2"), run(null));
    }

    @Test
    @DisplayName("the candidates are the first event of each actor due now; one actor's events keep their order")
    void candidatesAreFirstPerActor() {
        Picks p = new Picks(2, 1);
        List<String> ran = run(p);
        assertEquals(List.of("cpu0: a1", "cpu1: b1", "timer"), p.asked.get(0));
        assertEquals(List.of("cpu0: a1", "cpu1: b1"), p.asked.get(1));
        assertEquals(List.of("timer", "b1", "a1", "a2", "b2"), ran);
    }

    @Test
    @DisplayName("a chooser comes before the first event: a plain run keeps no actor or description per event")
    void chooserBeforeTheFirstEvent() {
        EventQueue q = new EventQueue();
        q.post(5, "early", () -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.setChooser(new Picks()));
        assertTrue(e.getMessage().contains("before the first event"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> q.setListener(null));
    }

    @Test
    @DisplayName("an event queued for now by the chosen event joins the candidates")
    void nestedJoins() {
        EventQueue q = new EventQueue();
        Picks p = new Picks(1);
        q.setChooser(p);
        List<String> ran = new ArrayList<>();
        q.scheduleOn("x", 5, "first", () -> {
            ran.add("first");
            q.scheduleOn("z", 0, "nested", () -> ran.add("nested"));
        });
        q.scheduleOn("y", 5, "second", () -> ran.add("second"));
        q.runUntil(100, false);
        assertEquals(List.of("second", "first", "nested"), ran);
    }

    @Test
    @DisplayName("a pick outside the alternatives is refused")
    void outOfRange() {
        assertThrows(IllegalStateException.class, () -> run(new Picks(7)));
    }

    @Test
    @DisplayName("random draws pass through the chooser; without an override they are the seed's")
    void drawsAreChoices() {
        RandomGenerator plain = new Simulation(7, Trace.discard()).random("s");
        List<Long> seen = new ArrayList<>();
        Chooser recording = new Chooser() {
            @Override
            public int choose(Kind kind, long timeNs, List<String> alternatives) {
                return 0;
            }

            @Override
            public long draw(String stream, long seeded) {
                seen.add(seeded);
                return stream.equals("s") && seen.size() == 2 ? 99 : seeded;
            }
        };
        RandomGenerator drawn = new Simulation(7, Trace.discard(), recording).random("s");
        long first = plain.nextLong(1000);
        assertEquals(first, drawn.nextLong(1000));
        plain.nextLong(1000);
        assertEquals(99, drawn.nextLong(1000));
        assertEquals(2, seen.size());
    }

    @Test
    @DisplayName("a model's own choice is 0 in a plain run and the chooser's answer otherwise")
    void modelChoice() {
        assertEquals(0, new Simulation(1, Trace.discard()).choose("path", 2));
        assertEquals(1, new Simulation(1, Trace.discard(), new Picks(1)).choose("path", 2));
        assertThrows(IllegalArgumentException.class, () -> new Simulation(1, Trace.discard()).choose("path", 1));
    }

    @Test
    @DisplayName("a driver's device register accesses are reported as touches of the device in explored runs only")
    void deviceAccessesObserved() {
        dev.irqlab.api.device.DeviceRegisters regs = new dev.irqlab.api.device.DeviceRegisters() {
            @Override
            public long read(int offset) {
                return 7;
            }

            @Override
            public void write(int offset, long value) {
            }
        };
        dev.irqlab.api.device.Device device = org.mockito.Mockito.mock(dev.irqlab.api.device.Device.class);
        org.mockito.Mockito.when(device.name()).thenReturn("pad");
        org.mockito.Mockito.when(device.registers()).thenReturn(regs);
        Simulation plain = new Simulation(1, Trace.discard());
        assertEquals(device, ObservedDevice.of(plain, device));
        List<String> touched = new ArrayList<>();
        Simulation explored = new Simulation(1, Trace.discard(), new Chooser() {
            @Override
            public int choose(Kind kind, long timeNs, List<String> alternatives) {
                return 0;
            }

            @Override
            public void touch(String component) {
                touched.add(component);
            }
        });
        dev.irqlab.api.device.Device seen = ObservedDevice.of(explored, device);
        assertEquals(7, seen.registers().read(0));
        seen.registers().write(0, 1);
        assertEquals(List.of("pad", "pad"), touched);
    }
}
