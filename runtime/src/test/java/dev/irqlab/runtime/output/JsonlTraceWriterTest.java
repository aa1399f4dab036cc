package dev.irqlab.runtime.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.trace.TraceNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonlTraceWriterTest {

    @Test
    void sampleTraceCoversEveryTraceEventType() {
        Set<String> permitted = Stream.of(TraceEvent.class.getPermittedSubclasses()).map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> sampled = SampleTrace.events().stream().map(e -> e.getClass().getSimpleName())
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(permitted, sampled);
    }

    @Test
    void everyLineIsOneJsonObjectWithTypeTimeAndComponentFirst() throws IOException {
        List<TraceEvent> events = SampleTrace.events();
        String text = new String(SampleTrace.write(JsonlTraceWriter::new, events), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        assertEquals(events.size() + 1, lines.length, "one line per event plus the final newline");
        assertEquals("", lines[events.size()]);
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> o = TinyJson.object(lines[i]);
            List<String> keys = new ArrayList<>(o.keySet());
            assertEquals(List.of("type", "time", "component"), keys.subList(0, 3), lines[i]);
            assertEquals(events.get(i).getClass().getSimpleName(), o.get("type"));
            assertEquals(events.get(i).component(), o.get("component"));
            assertEquals(events.get(i).time(), ((Number) o.get("time")).longValue());
        }
    }

    @Test
    void fieldsFollowRecordDeclarationOrderWithExitCauseByLabel() throws IOException {
        String text = new String(SampleTrace.write(JsonlTraceWriter::new, SampleTrace.events()),
            StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals("{\"type\":\"StateChanged\",\"time\":0,\"component\":\"touch\",\"subject\":\"irq\","
            + "\"field\":\"line\",\"from\":\"0\",\"to\":\"1\",\"cause\":\"dataArrives\"}", lines[0]);
        assertEquals("{\"type\":\"VmExit\",\"time\":2000,\"component\":\"vm0.vcpu0\",\"cause\":\"mmio\","
            + "\"detail\":\"GICD_ISENABLER \\\"0\\\"\",\"costNs\":1500,\"boot\":false}", lines[8]);
        assertEquals("{\"type\":\"HandlerRan\",\"time\":3000,\"component\":\"guest\",\"irq\":33,"
            + "\"action\":\"touch\\tdrv\",\"stage\":\"THREAD\",\"result\":\"HANDLED\"}", lines[9]);
    }

    /**
     * Every line (encoded from the typed call's fields) is the record's JSON as a generic encoder writes
     * it: the simple name, then the components in declaration order, enums by name, ExitCause by label.
     */
    @Test
    void everyLineIsTheRecordsComponentsInDeclarationOrder() throws Exception {
        List<TraceEvent> events = SampleTrace.events();
        String[] lines = new String(SampleTrace.write(JsonlTraceWriter::new, events), StandardCharsets.UTF_8)
            .split("\n");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(recordJson(events.get(i)), lines[i]);
        }
    }

    /**
     * Lines written again are copied from the lines kept per handle ({@link HandleLines}), and still
     * each is the record's JSON: the sample trace in a new order each round (the line after a line
     * changes), strings equal to earlier ones but other objects, a cause built new each round, a
     * counter with new values, and more distinct lines, each written again, than the table holds.
     */
    @Test
    void linesWrittenAgainAreTheRecordsComponentsInDeclarationOrder() throws Exception {
        List<TraceEvent> expected = new ArrayList<>();
        List<Consumer<Trace>> calls = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<TraceEvent> sample = new ArrayList<>(SampleTrace.events());
            Collections.shuffle(sample, new Random(round));
            sample.add(new TraceEvent.StateChanged(round, new String("touch".toCharArray()), "irq",
                new String("line".toCharArray()), "0", "1", "data event " + round));
            sample.add(new TraceEvent.StateChanged(round, "touch", "irq", "line", "0", null, "dataArrives"));
            for (TraceEvent e : sample) {
                expected.add(e);
                calls.add(t -> t.emit(e));
            }
            long time = round;
            for (long from : new long[] {round, 99L + round, -round, 1L << (8 * round)}) {
                long to = from * 10 + 1;
                expected.add(new TraceEvent.StateChanged(time, "guest", "irq 33", "irq_count", Long.toString(from),
                    Long.toString(to), "note_interrupt"));
                calls.add(t -> t.counterChanged(time, "guest", "irq 33", "irq_count", from, to, "note_interrupt"));
            }
            for (int i = 0; i < HandleLines.KEEP * 20; i++) {
                TraceEvent e = i % 2 == 0 ? new TraceEvent.SpanBegin(i, "host", "host cpu" + (i % 3), "irq " + i)
                    : new TraceEvent.VmExit(i, "vm0.vcpu" + (i % 3), ExitCause.MMIO, "GICD_ISENABLER", i % 5,
                        i % 7 == 0);
                expected.add(e);
                calls.add(t -> t.emit(e));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
            calls.forEach(c -> c.accept(w));
        }
        assertLinesAreRecordsJson(out, expected);
    }

    /**
     * A line from the table is its whole line as written last, with the new time over the old: the
     * same lines again and again at times of every length of decimal (up and down, negative too), each
     * still the record's JSON.
     */
    @Test
    void linesWrittenAgainAtTimesOfEveryLengthAreTheRecordsJson() throws Exception {
        List<Long> times = new ArrayList<>();
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            times.addAll(List.of(p - 1, p, p * 10 - 1));
        }
        times.addAll(List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, -12_345_678L, 7L, 13_519_000L, 13_519_000L));
        List<TraceEvent> expected = new ArrayList<>();
        for (long t : times) {
            for (int round = 0; round < 3; round++) {
                expected.add(new TraceEvent.StateChanged(t, "vm0.kvm-ioapic", "pin 10", "masked", "0", "1",
                    "IOWIN write"));
                expected.add(new TraceEvent.SpanBegin(t, "guest", "guest cpu0", "irq 1 handle_fasteoi_irq"));
                expected.add(new TraceEvent.VmExit(t, "vm0.vcpu0", ExitCause.MMIO, "IOWIN", 2000, false));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
            expected.forEach(w::emit);
        }
        assertLinesAreRecordsJson(out, expected);
    }

    /**
     * Lines are kept by handle, and a handle's id is its numbering's: handles of two numberings with the
     * same ids, and unnumbered ones, each still write their own line.
     */
    @Test
    void handlesOfTwoNumberingsWithTheSameIdsWriteTheirOwnLines() throws Exception {
        TraceNames a = new TraceNames();
        TraceNames b = new TraceNames();
        StateKey hostMasked = a.stateKey(a.name("host"), "irq 1", "masked");
        StateKey guestLine = b.stateKey(b.name("guest"), "irq 2", "line");
        StateKey unnumbered = new StateKey(TraceName.UNNUMBERED, TraceName.unnumbered("dev"), "irq", "line");
        List<TraceEvent> expected = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
            for (int round = 0; round < 3; round++) {
                for (StateKey k : List.of(hostMasked, guestLine, unnumbered)) {
                    w.stateChanged(round, k, "0", "1", "cause");
                    expected.add(new TraceEvent.StateChanged(round, k.component().text(), k.subject(), k.field(), "0",
                        "1", "cause"));
                }
                w.vmExit(round, a.name("host"), ExitCause.MMIO, "IOWIN", 2000, false);
                w.vmExit(round, b.name("guest"), ExitCause.MMIO, "IOWIN", 2000, false);
                expected.add(new TraceEvent.VmExit(round, "host", ExitCause.MMIO, "IOWIN", 2000, false));
                expected.add(new TraceEvent.VmExit(round, "guest", ExitCause.MMIO, "IOWIN", 2000, false));
            }
        }
        assertLinesAreRecordsJson(out, expected);
    }

    /**
     * A line and a member value are found again by their text when a model builds their strings anew,
     * and texts of one hash ("Aa" and "BB" have the same {@code String.hashCode}) are still told apart:
     * each line is its record's JSON, in an order that follows no prediction.
     */
    @Test
    void textsOfOneHashBuiltAnewWriteTheirOwnLines() throws Exception {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        String[] texts = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"};
        List<TraceEvent> expected = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(18);
        try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
            TraceNames names = w.names();
            TraceName vcpu = names.name("vm0.vcpu0");
            StateKey k = names.stateKey(names.name("host"), "irq 1", "masked");
            for (int i = 0; i < 400; i++) {
                String text = new String(texts[random.nextInt(texts.length)].toCharArray());
                w.vmExit(i, vcpu, ExitCause.MMIO, text, 2000, false);
                expected.add(new TraceEvent.VmExit(i, "vm0.vcpu0", ExitCause.MMIO, text, 2000, false));
                String cause = new String(texts[random.nextInt(texts.length)].toCharArray());
                w.stateChanged(i, k, "0", "1", cause);
                expected.add(new TraceEvent.StateChanged(i, "host", "irq 1", "masked", "0", "1", cause));
            }
        }
        assertLinesAreRecordsJson(out, expected);
    }

    /**
     * A line that is the one the round before predicts is written as predicted; where the calls leave
     * that order, the next line is looked up, or encoded; each line is still the record's JSON: round
     * after round of the same calls (more than the buffer holds between drains), with, in some rounds, a
     * line left out or one put in mid-way, a device line or a counter with new values between, a miss
     * on the round's first line, and times that gain a digit in the middle of a round (7 to 8 digits, 8
     * to 9, 10 to 11).
     */
    @Test
    void roundsThatLeaveThePredictedOrderAreTheRecordsJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<TraceEvent> expected = new ArrayList<>();
        Random random = new Random(18);
        try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
            TraceNames names = w.names();
            TraceName host = names.name("host");
            TraceName vcpu = names.name("vm0.vcpu0");
            List<StateKey> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(names.stateKey(host, "irq " + i + " (pin " + (16 + i) + ")", i % 2 == 0 ? "masked" : "pending"));
            }
            String extra = "an extra cause";
            for (int round = 0; round < 900; round++) {
                long base = round < 300 ? 9_998_000 + round * 2_000L
                    : round < 600 ? 99_400_000 + round * 2_000L : 9_998_800_000L + round * 2_000L;
                int leaveOut = random.nextInt(4) == 0 ? random.nextInt(40) : -1;
                int putIn = random.nextInt(4) == 0 ? random.nextInt(40) : -1;
                boolean firstMisses = random.nextInt(6) == 0;
                for (int i = 0; i < 40; i++) {
                    long t = base + i * 40L;
                    if (i == putIn) {
                        StateKey k = keys.get(random.nextInt(keys.size()));
                        w.stateChanged(t, k, "1", "0", extra);
                        expected.add(new TraceEvent.StateChanged(t, "host", k.subject(), k.field(), "1", "0", extra));
                    }
                    if (i == leaveOut) {
                        continue;
                    }
                    switch (i % 10) {
                        case 0 -> {
                            String cause = i == 0 && firstMisses ? "data event " + round : "IOWIN write";
                            StateKey k = keys.get(i % keys.size());
                            w.stateChanged(t, k, "0", "1", cause);
                            expected.add(new TraceEvent.StateChanged(t, "host", k.subject(), k.field(), "0", "1", cause));
                        }
                        case 1, 4, 6 -> {
                            StateKey k = keys.get((i / 3) % keys.size());
                            w.stateChanged(t, k, "1", "0", "EOI");
                            expected.add(new TraceEvent.StateChanged(t, "host", k.subject(), k.field(), "1", "0", "EOI"));
                        }
                        case 2 -> {
                            w.vmExit(t, vcpu, ExitCause.MMIO, "IOWIN", 2000, false);
                            expected.add(new TraceEvent.VmExit(t, "vm0.vcpu0", ExitCause.MMIO, "IOWIN", 2000, false));
                        }
                        case 3 -> {
                            w.irqFlow(t, host, i, "handle_fasteoi_irq", FlowOutcome.HANDLED);
                            expected.add(new TraceEvent.IrqFlow(t, "host", i, "handle_fasteoi_irq", FlowOutcome.HANDLED));
                        }
                        case 5 -> {
                            w.handlerRan(t, host, i, "vfio-intx", HandlerStage.HARD, IrqReturn.HANDLED);
                            expected.add(new TraceEvent.HandlerRan(t, "host", i, "vfio-intx", HandlerStage.HARD,
                                IrqReturn.HANDLED));
                        }
                        case 7 -> {
                            if (random.nextInt(5) == 0) {
                                w.deviceAsserted(t, host, round);
                                expected.add(new TraceEvent.DeviceAsserted(t, "host", round));
                            }
                            w.spanBegin(t, host, "host cpu0", "irq " + (i / 10));
                            expected.add(new TraceEvent.SpanBegin(t, "host", "host cpu0", "irq " + (i / 10)));
                        }
                        case 8 -> {
                            if (random.nextInt(5) == 0) {
                                w.counterChanged(t, keys.get(0), round, round + 1L, "note_interrupt");
                                expected.add(new TraceEvent.StateChanged(t, "host", keys.get(0).subject(),
                                    keys.get(0).field(), Long.toString(round), Long.toString(round + 1L),
                                    "note_interrupt"));
                            }
                            w.spanEnd(t, host, "host cpu0", "irq " + (i / 10));
                            expected.add(new TraceEvent.SpanEnd(t, "host", "host cpu0", "irq " + (i / 10)));
                        }
                        default -> {
                            w.vmExit(t, vcpu, ExitCause.MMIO, "IOREGSEL", 1500, false);
                            expected.add(new TraceEvent.VmExit(t, "vm0.vcpu0", ExitCause.MMIO, "IOREGSEL", 1500, false));
                        }
                    }
                }
            }
        }
        assertTrue(out.size() > 4 * 64 * 1024, "several buffers drained: " + out.size());
        assertLinesAreRecordsJson(out, expected);
    }

    /** Each line written is its record's JSON, one line per record, in order. */
    private static void assertLinesAreRecordsJson(ByteArrayOutputStream out, List<TraceEvent> expected)
            throws ReflectiveOperationException {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(expected.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(recordJson(expected.get(i)), lines[i], "line " + (i + 1));
        }
    }

    /** The record as a generic encoder writes it: simple name, components in order, ExitCause by label. */
    private static String recordJson(TraceEvent e) throws ReflectiveOperationException {
        StringBuilder want = new StringBuilder("{\"type\":" + Json.quote(e.getClass().getSimpleName()));
        for (java.lang.reflect.RecordComponent c : e.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(e);
            String json = v instanceof ExitCause x ? Json.quote(x.label())
                : v instanceof Enum<?> en ? Json.quote(en.name())
                : v instanceof String str ? Json.quote(str) : String.valueOf(v);
            want.append(',').append(Json.quote(c.getName())).append(':').append(json);
        }
        return want.append('}').toString();
    }

    @Test
    void aCounterChangeIsWrittenAsTheStateChangeWithDecimalValues() throws IOException {
        long[][] pairs = {{0, 1}, {99_999, 100_000}, {-7, Long.MIN_VALUE}, {Long.MAX_VALUE, 10}};
        for (long[] p : pairs) {
            java.io.ByteArrayOutputStream counter = new java.io.ByteArrayOutputStream();
            try (JsonlTraceWriter w = new JsonlTraceWriter(counter)) {
                w.counterChanged(5, "guest", "irq 33 (pin 16)", "irq_count", p[0], p[1], "note_interrupt");
            }
            byte[] text = SampleTrace.write(JsonlTraceWriter::new, List.of(new TraceEvent.StateChanged(5, "guest",
                "irq 33 (pin 16)", "irq_count", Long.toString(p[0]), Long.toString(p[1]), "note_interrupt")));
            assertEquals(new String(text, StandardCharsets.UTF_8), counter.toString(StandardCharsets.UTF_8));
        }
    }
}
