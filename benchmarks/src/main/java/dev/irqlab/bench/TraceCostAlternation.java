package dev.irqlab.bench;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.output.JsonlTraceWriter;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a JSON Lines trace costs, in one JVM: the round trip of {@link RoundTripScenario} with the trace
 * off ({@link Trace#discard()}) and with {@link JsonlTraceWriter} into a stream that drops the bytes
 * (as {@link RoundTripBenchmark}'s {@code trace=jsonl}) take turns, each warmed up first, and each pair
 * prints the thread CPU time per round trip of both and their ratio (JSONL over off: issue 18 wants it
 * at most 1.5). Thread CPU time, not wall time, and the two in alternation, so that the ratio holds on
 * a loaded machine where the JMH scores of separate trials do not.
 *
 * <pre>
 * java -Xbatch -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.irqlab.bench.TraceCostAlternation [ioapic|gicv3] [oneshot-threaded|level] [pairs=9] [none|fixed]
 * </pre>
 * Defaults: ioapic, oneshot-threaded, 9 pairs, fix none (the benchmark's {@code -p fix=none -p stack=ioapic
 * -p flow=oneshot-threaded}).
 *
 * <p>Then the floor: what any JSON Lines writer must at least do per round trip, measured on this
 * machine in the same JVM. The lines of one round trip (the second of a run of three, as the writer
 * writes them) are copied, each whole with its time's digits written over it (computed once per
 * instant, as the writer does), into a buffer of the writer's size that is drained to the same null
 * stream, for as many round trips as a run has, with the time moved on by a period per round trip.
 * The bytes printed are a round trip's as the run writes them (at its end, times of eleven digits).
 * Nothing is looked up, no model runs: the CPU per round trip is the least the bytes cost, and
 * (off + floor) / off the least JSONL/off ratio a writer that copies each line can reach. Last, the
 * block floor: the round trip's bytes as one block copied in one piece, with each line's time written
 * over, the least any writer of those bytes does however it finds them.
 * And the models' side: the round trip with a trace that wants every detail and reads each call's
 * arguments but writes nothing ({@link ReadsArguments}), against off, in turns: what the models' detail
 * calls and the metrics' tap cost when anything reads the trace, which no writer can take away. With
 * the block floor it gives the least JSONL/off ratio of these bytes from these models.
 * A stand-alone measuring tool (like {@link KvmAlternation}): it reads the
 * clocks and prints on standard output; never simulation code.
 */
public final class TraceCostAlternation {

    static final long EVENTS = 20_000;

    private TraceCostAlternation() {
    }

    public static void main(String[] args) {
        String stack = args.length > 0 ? args[0] : "ioapic";
        String flow = args.length > 1 ? args[1] : "oneshot-threaded";
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        boolean fixed = args.length > 3 && args[3].equals("fixed");
        PrintStream out = System.out;

        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario(stack, fixed, EVENTS, flow);
        Scenario scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        ScenarioRunner runner = new ScenarioRunner(registry);
        JitWarmup.untilQuiet("trace off", () -> run(runner, scenario, false));
        JitWarmup.untilQuiet("trace jsonl", () -> run(runner, scenario, true));
        JitWarmup.untilQuiet("both", () -> {
            run(runner, scenario, false);
            run(runner, scenario, true);
        });

        out.printf(Locale.ROOT, "%s: trace off vs JSONL (to a null stream), %,d events a run, thread CPU per round trip%n",
                rt.name(), EVENTS);
        out.println("pair     off ns   jsonl ns   jsonl/off");
        double[] ratios = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            double off = run(runner, scenario, false);
            double jsonl = run(runner, scenario, true);
            ratios[p] = jsonl / off;
            out.printf(Locale.ROOT, "%4d  %9.0f  %9.0f  %9.2fx%n", p + 1, off, jsonl, ratios[p]);
        }
        double[] offs = new double[pairs];
        double[] floors = new double[pairs];
        double[] blocks = new double[pairs];
        double[] reads = new double[pairs];
        Floor floor = Floor.of(registry, stack, fixed, flow);
        JitWarmup.untilQuiet("floor", floor::run);
        JitWarmup.untilQuiet("block floor", floor::runBlock);
        JitWarmup.untilQuiet("arguments read", () -> run(runner, scenario, new ReadsArguments()));
        for (int p = 0; p < pairs; p++) {
            offs[p] = run(runner, scenario, false);
            floors[p] = floor.run();
            blocks[p] = floor.runBlock();
            reads[p] = run(runner, scenario, new ReadsArguments());
        }
        Arrays.sort(ratios);
        Arrays.sort(offs);
        Arrays.sort(floors);
        Arrays.sort(blocks);
        Arrays.sort(reads);
        out.printf(Locale.ROOT, "ratio JSONL/off thread CPU per round trip: median %.2fx, min %.2fx, max %.2fx%n",
                KvmAlternation.median(ratios), ratios[0], ratios[pairs - 1]);
        double off = KvmAlternation.median(offs);
        double least = KvmAlternation.median(floors);
        out.printf(Locale.ROOT, "floor: %d lines, %,d bytes a round trip, copied with their time digits: %.0f ns "
                + "(%.1f ns a line); off %.0f ns; least JSONL/off %.2fx%n", floor.lines.length, floor.bytes(), least,
                least / floor.lines.length, off, (off + least) / off);
        double block = KvmAlternation.median(blocks);
        out.printf(Locale.ROOT, "block floor: the round trip's bytes as one block, %d times written over: %.0f ns; "
                + "least JSONL/off of a writer that copies whole round trips %.2fx%n", floor.lines.length, block,
                (off + block) / off);
        double detail = KvmAlternation.median(reads) - off;
        out.printf(Locale.ROOT, "detail calls: a trace that reads every call's arguments and writes nothing: %.0f ns "
                + "over off (%.2fx); least JSONL/off of these bytes from these models (off + detail + block "
                + "floor) / off: %.2fx%n", detail, (off + detail) / off, (off + detail + block) / off);
    }

    /**
     * A trace that wants every detail and reads each typed call's arguments (their numbers, the lengths
     * of their strings) into a sum, and writes nothing: what the models' side of a trace costs.
     */
    static final class ReadsArguments implements Trace {
        long sum;

        private static int len(String s) {
            return s == null ? 0 : s.length();
        }

        @Override
        public void emit(TraceEvent event) {
            sum += event.time();
        }

        @Override
        public boolean wantsDetail() {
            return true;
        }

        @Override
        public void stateChanged(long time, StateKey key, String from, String to, String cause) {
            sum += time ^ key.id() ^ len(from) ^ len(to) ^ len(cause);
        }

        @Override
        public void counterChanged(long time, StateKey key, long from, long to, String cause) {
            sum += time ^ key.id() ^ from ^ to ^ len(cause);
        }

        @Override
        public void deviceAsserted(long time, TraceName component, long event) {
            sum += time ^ component.id() ^ event;
        }

        @Override
        public void deviceServed(long time, TraceName component, long event) {
            sum += time ^ component.id() ^ event;
        }

        @Override
        public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
            sum += time ^ component.id() ^ irq ^ len(flow) ^ outcome.ordinal();
        }

        @Override
        public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
                IrqReturn result) {
            sum += time ^ component.id() ^ irq ^ len(action) ^ stage.ordinal() ^ (result == null ? 0 : result.ordinal());
        }

        @Override
        public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
                int eventsServed) {
            sum += time ^ component.id() ^ driver.id() ^ device.id() ^ irq ^ eventsServed;
        }

        @Override
        public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
                boolean boot) {
            sum += time ^ component.id() ^ cause.ordinal() ^ len(detail) ^ costNs ^ (boot ? 1 : 0);
        }

        @Override
        public void spanBegin(long time, TraceName component, String track, String name) {
            sum += time ^ component.id() ^ len(track) ^ len(name);
        }

        @Override
        public void spanEnd(long time, TraceName component, String track, String name) {
            sum += time ^ component.id() ^ len(track) ^ len(name);
        }

        @Override
        public void kernelMessage(long time, MessageKey key, String text) {
            sum += time ^ len(text);
        }
    }

    /** The floor's copying: a round trip's lines, each with its time's digits, into a drained buffer. */
    static final class Floor {
        private static final int FLUSH_AT = 64 * 1024;
        /** Each line, whole, with room for a time of {@link #timeDigits} digits; and the time it had. */
        final byte[][] lines;
        private final long[] times;
        /** Where the time's digits start in each line, and how many it has. */
        private final int[] timeAt;
        private final int[] timeDigits;
        private final byte[] buf = new byte[FLUSH_AT + 4096];
        private final byte[] digits = new byte[20];
        /** The instant whose digits {@link #digits} holds, how many, and their first and last eight bytes. */
        private long instant = -1;
        private int instantDigits;
        private long first8;
        private long last8;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.nativeOrder());
        private final OutputStream sink = OutputStream.nullOutputStream();
        private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class,
                ByteOrder.nativeOrder());
        /** 10^i; and the four ASCII digits of 0..9999 as the int of their bytes in memory order. */
        private static final long[] POW10 = new long[19];
        private static final int[] QUADS = new int[10_000];

        static {
            long p = 1;
            for (int i = 0; i < POW10.length; i++) {
                POW10[i] = p;
                p *= 10;
            }
            for (int i = 0; i < QUADS.length; i++) {
                QUADS[i] = (int) INTS.get(String.format(Locale.ROOT, "%04d", i).getBytes(StandardCharsets.US_ASCII), 0);
            }
        }

        private Floor(List<byte[]> lines) {
            this.lines = lines.toArray(new byte[0][]);
            times = new long[this.lines.length];
            timeAt = new int[this.lines.length];
            timeDigits = new int[this.lines.length];
            for (int i = 0; i < this.lines.length; i++) {
                String line = new String(this.lines[i], StandardCharsets.UTF_8);
                int at = line.indexOf(TIME) + TIME.length();
                int end = line.indexOf(',', at);
                times[i] = Long.parseLong(line.substring(at, end));
                timeAt[i] = at;
                timeDigits[i] = end - at;
            }
        }

        private static final String TIME = "\"time\":";
        /** The least time of eleven digits: a block floor's round trips are those late in a long run. */
        private static final long ELEVEN_DIGITS = 10_000_000_000L;

        /** The lines of the second round trip of a run of three, as the JSON Lines writer writes them. */
        static Floor of(PluginRegistry registry, String stack, boolean fixed, String flow) {
            RoundTripScenario rt = new RoundTripScenario(stack, fixed, 3, flow);
            Scenario three = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonlTraceWriter w = new JsonlTraceWriter(bytes)) {
                new ScenarioRunner(registry).run(three, w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long from = 1_000_000 + RoundTripScenario.PERIOD_US * 1_000;
            long to = from + RoundTripScenario.PERIOD_US * 1_000;
            List<byte[]> second = new ArrayList<>();
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf(TIME) + TIME.length();
                long t = Long.parseLong(line.substring(at, line.indexOf(',', at)));
                if (t >= from && t < to) {
                    second.add((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Floor(second);
        }

        int bytes() {
            int n = 0;
            for (byte[] l : lines) {
                n += l.length;
            }
            return n;
        }

        /**
         * A run's worth of round trips; its thread CPU nanoseconds per round trip. Each line is copied whole
         * from its form for a time of as many digits as the new time's (made when the count changes), and
         * the digits (computed once per instant) are written over those it held: eight bytes at a time
         * for eight to sixteen digits, as the writer does.
         */
        double run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long t0 = threads.getCurrentThreadCpuTime();
            long period = RoundTripScenario.PERIOD_US * 1_000;
            int pos = 0;
            for (long r = 0; r < EVENTS; r++) {
                long shift = r * period;
                for (int i = 0; i < lines.length; i++) {
                    int n = instant(times[i] + shift);
                    if (timeDigits[i] != n) {
                        reshape(i, n);
                    }
                    byte[] line = lines[i];
                    int at = pos + timeAt[i];
                    System.arraycopy(line, 0, buf, pos, line.length);
                    if (n >= Long.BYTES && n <= 2 * Long.BYTES) {
                        LONGS.set(buf, at, first8);
                        LONGS.set(buf, at + n - Long.BYTES, last8);
                    } else {
                        System.arraycopy(digits, 0, buf, at, n);
                    }
                    pos += line.length;
                    if (pos > FLUSH_AT) {
                        pos = drained(pos);
                    }
                }
            }
            return (double) (threads.getCurrentThreadCpuTime() - t0) / EVENTS;
        }

        /**
         * The bytes alone, with no line found: a run's worth of round trips, each the round trip's lines as
         * one block copied in one piece, then each line's time (eight to sixteen digits, computed per
         * instant) written over it; thread CPU nanoseconds per round trip. Below {@link #run}, which pays
         * a copy per line: the least any writer of these bytes does, however it finds them.
         */
        double runBlock() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int n = lines.length;
            byte[] block = new byte[bytes()];
            int[] at = new int[n];
            for (int i = 0, p = 0; i < n; i++) {
                reshape(i, 11);
                System.arraycopy(lines[i], 0, block, p, lines[i].length);
                at[i] = p + timeAt[i];
                p += lines[i].length;
            }
            long t0 = threads.getCurrentThreadCpuTime();
            long period = RoundTripScenario.PERIOD_US * 1_000;
            int pos = 0;
            for (long r = 0; r < EVENTS; r++) {
                if (pos + block.length > buf.length) {
                    pos = drained(pos);
                }
                System.arraycopy(block, 0, buf, pos, block.length);
                long shift = r * period;
                for (int i = 0; i < n; i++) {
                    instant(ELEVEN_DIGITS + times[i] + shift); // a round trip late in a long run
                    LONGS.set(buf, pos + at[i], first8);
                    LONGS.set(buf, pos + at[i] + 11 - Long.BYTES, last8);
                }
                pos += block.length;
            }
            return (double) (threads.getCurrentThreadCpuTime() - t0) / EVENTS;
        }

        /**
         * Makes {@code time}'s digits ready, computed once per instant as the writer does: in
         * {@link #digits}, and as their first and last eight bytes when they are eight or more; returns
         * how many.
         */
        private int instant(long time) {
            if (time != instant) {
                instant = time;
                instantDigits = digits(time);
                if (instantDigits >= Long.BYTES) {
                    first8 = (long) LONGS.get(digits, 0);
                    last8 = (long) LONGS.get(digits, instantDigits - Long.BYTES);
                }
            }
            return instantDigits;
        }

        /** The buffer's first {@code pos} bytes to the null stream; the buffer is empty again (0). */
        private int drained(int pos) {
            try {
                sink.write(buf, 0, pos);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        }

        /** Line {@code i} with room for a time of {@code n} digits (which digits: any). */
        private void reshape(int i, int n) {
            byte[] line = lines[i];
            int at = timeAt[i];
            int old = timeDigits[i];
            byte[] shaped = new byte[line.length - old + n];
            System.arraycopy(line, 0, shaped, 0, at);
            System.arraycopy(line, at + old, shaped, at + n, line.length - at - old);
            lines[i] = shaped;
            timeDigits[i] = n;
        }

        /**
         * The decimal digits of {@code v >= 0} into {@link #digits}; returns how many. Four digits per
         * division, from a table: no writer needs fewer (the writer's {@code JsonBytes.number} takes two
         * per division); one digit per division would make the floor higher than a writer's least cost.
         */
        private int digits(long v) {
            int t = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
            int n = t < POW10.length && v >= POW10[t] ? t + 1 : Math.max(t, 1);
            int p = n;
            long y = v;
            for (; p > 4; p -= 4) {
                long q = y / 10_000;
                INTS.set(digits, p - 4, QUADS[(int) (y - q * 10_000)]);
                y = q;
            }
            for (int i = p - 1; i >= 0; i--, y /= 10) {
                digits[i] = (byte) ('0' + y % 10);
            }
            return n;
        }
    }

    /** One run with {@code trace}; its thread CPU nanoseconds per device event. */
    private static double run(ScenarioRunner runner, Scenario scenario, Trace trace) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        RunOutcome o = runner.run(scenario, trace);
        long ns = threads.getCurrentThreadCpuTime() - t0;
        if (!o.passed()) {
            throw new IllegalStateException("the round-trip scenario does not behave as expected: " + o.expectations());
        }
        return (double) ns / o.metrics().deviceEvents();
    }

    /** One run, trace off or JSONL; its thread CPU nanoseconds per device event. */
    private static double run(ScenarioRunner runner, Scenario scenario, boolean jsonl) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        RunOutcome o;
        if (jsonl) {
            try (JsonlTraceWriter w = new JsonlTraceWriter(OutputStream.nullOutputStream())) {
                o = runner.run(scenario, w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            o = runner.run(scenario, Trace.discard());
        }
        long ns = threads.getCurrentThreadCpuTime() - t0;
        if (!o.passed()) {
            throw new IllegalStateException("the round-trip scenario does not behave as expected: " + o.expectations());
        }
        return (double) ns / o.metrics().deviceEvents();
    }
}
