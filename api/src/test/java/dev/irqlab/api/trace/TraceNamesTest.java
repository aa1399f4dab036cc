package dev.irqlab.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's numbering gives each name, state key and message key one object and one dense number; a helper's
 * {@link StateKeys} asks the trace once per piece of state, and again when the subject's text changes.
 */
class TraceNamesTest {

    @Test
    void namesAndKeysAreNumberedDenselyOnceEach() {
        TraceNames names = new TraceNames();
        TraceName host = names.name("host");
        TraceName guest = names.name("guest");
        assertEquals(List.of(0, 1, 2), List.of(host.id(), guest.id(), names.name("vm0.vcpu0").id()));
        assertSame(host, names.name(new String("host")));
        StateKey masked = names.stateKey(host, "irq 1", "masked");
        assertSame(masked, names.stateKey(host, "irq 1", "masked"));
        assertEquals(List.of(0, 1), List.of(masked.id(), names.stateKey(guest, "irq 1", "masked").id()));
        assertSame(host, names.stateKey(TraceName.unnumbered("host"), "pin 2", "line").component(),
            "a key's component is the numbering's own name");
        MessageKey cared = names.messageKey(guest, "genirq.nobody_cared");
        assertSame(cared, names.messageKey(guest, new String("genirq.nobody_cared")));
        assertEquals(List.of(0, 1), List.of(cared.id(), names.messageKey(host, "genirq.nobody_cared").id()));
        assertSame(guest, names.messageKey(TraceName.unnumbered("guest"), "k").component(),
            "a message key's component is the numbering's own name");
        assertEquals(3, names.names());
        assertEquals(3, names.stateKeys());
        assertEquals(3, names.messageKeys());
    }

    @Test
    void aThousandStateKeysStayOneObjectEachAsTheTableGrows() {
        TraceNames names = new TraceNames();
        TraceName gic = names.name("vm0.vgic-v3");
        List<StateKey> first = new ArrayList<>();
        for (int spi = 0; spi < 500; spi++) {
            first.add(names.stateKey(gic, "spi " + spi, "enabled"));
            first.add(names.stateKey(gic, "spi " + spi, "priority"));
        }
        for (int i = 0; i < first.size(); i++) {
            StateKey k = first.get(i);
            assertEquals(i, k.id());
            assertSame(k, names.stateKey(gic, new String(k.subject()), new String(k.field())));
        }
        assertEquals(1000, names.stateKeys());
        assertEquals(1000, names.stateKey(names.name("host"), "spi 0", "enabled").id(), "another component's");
    }

    @Test
    void theDefaultNumbersNothing() {
        Trace records = event -> { };
        assertEquals(TraceName.UNNUMBERED, records.name("host").id());
        assertEquals(TraceName.UNNUMBERED, records.stateKey(records.name("host"), "irq 1", "masked").id());
        assertEquals(TraceName.UNNUMBERED, records.messageKey(records.name("host"), "k").id());
    }

    /** A trace that numbers state keys with {@code numbering} and notes each one asked for in {@code asked}. */
    private static Trace asking(TraceNames numbering, List<String> asked) {
        return new Trace() {
            @Override
            public void emit(TraceEvent event) {
            }

            @Override
            public StateKey stateKey(TraceName component, String subject, String field) {
                asked.add(subject + " " + field);
                return numbering.stateKey(component, subject, field);
            }
        };
    }

    @Test
    void stateKeysAsksOncePerPieceOfStateAndAgainForANewSubject() {
        TraceNames numbering = new TraceNames();
        List<String> asked = new ArrayList<>();
        Trace trace = asking(numbering, asked);
        String[] subjects = {"irq 0", "irq 1"};
        StateKeys keys = new StateKeys(trace, numbering.name("host"), n -> subjects[n]);
        StateKey masked = keys.key(1, "masked");
        assertSame(masked, keys.key(1, "masked"));
        assertSame(masked, keys.key(1, new String("masked")), "an equal field that is another object");
        keys.key(1, "depth");
        subjects[1] = "irq 1 (pin 10)";
        keys.subjectChanged(1);
        assertEquals("irq 1 (pin 10)", keys.key(1, "masked").subject());
        assertEquals(List.of("irq 1 masked", "irq 1 depth", "irq 1 (pin 10) masked"), asked);
    }

    @Test
    void namedFieldsAreFoundByIndexAsByTextAndAskedOncePerSubject() {
        TraceNames numbering = new TraceNames();
        List<String> asked = new ArrayList<>();
        Trace trace = asking(numbering, asked);
        String[] subjects = {"irq 0", "irq 1", "irq 2"};
        StateKeys keys = new StateKeys(trace, numbering.name("host"), n -> subjects[n], "depth", "masked");
        StateKey masked = keys.key(2, 1);
        assertEquals("irq 2 masked", masked.subject() + " " + masked.field());
        assertSame(masked, keys.key(2, 1));
        assertSame(masked, keys.key(2, new String("masked")), "a named field by its text");
        assertSame(keys.key(0, "depth"), keys.key(0, 0), "by text first, then by index");
        StateKey other = keys.key(0, "line");
        assertSame(other, keys.key(0, "line"), "a field not named, by its text");
        subjects[2] = "irq 2 (pin 10)";
        keys.subjectChanged(2);
        assertEquals("irq 2 (pin 10)", keys.key(2, 1).subject());
        assertEquals("irq 0", keys.key(0, 0).subject(), "another subject's keys stay");
        assertEquals(List.of("irq 2 masked", "irq 0 depth", "irq 0 line", "irq 2 (pin 10) masked"), asked);
    }

    @Test
    void aTypedCallByTextArrivesAsTheRecordOfTheHandles() {
        List<TraceEvent> got = new ArrayList<>();
        Trace records = got::add;
        records.stateChanged(1, "host", "irq 1", "masked", "0", "1", "mask_irq");
        records.counterChanged(2, "guest", "irq 1", "irq_count", 3, 4, "note_interrupt");
        records.driverOutcome(3, "guest", "drv", "dev", 1, 0);
        records.kernelMessage(4, "guest", "genirq.nobody_cared", "irq 1: nobody cared");
        assertEquals(List.of(new TraceEvent.StateChanged(1, "host", "irq 1", "masked", "0", "1", "mask_irq"),
            new TraceEvent.StateChanged(2, "guest", "irq 1", "irq_count", "3", "4", "note_interrupt"),
            new TraceEvent.DriverOutcome(3, "guest", "drv", "dev", 1, 0),
            new TraceEvent.KernelMessage(4, "guest", "genirq.nobody_cared", "irq 1: nobody cared")), got);
    }
}
