package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.EventQueue;
import dev.irqlab.runtime.engine.Simulation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine dispatch throughput for trivial events: how many queued events per second the event loop
 * runs on one thread. Each invocation keeps {@code width} independent chains alive (an event
 * reschedules its successor at a pseudo-random delay), so the heap holds {@code width} entries
 * while {@link #EVENTS} events are dispatched. Score = events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g"}) // why: JitWarmup
public class EngineDispatchBenchmark {

    static final int EVENTS = 1_000_000;

    @Param({"1", "64", "1024"})
    int width;

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long dispatch() {
        Simulation sim = new Simulation(1, Trace.discard());
        EventQueue q = sim.queue();
        long[] remaining = {EVENTS};
        Runnable[] chain = new Runnable[1];
        long[] state = {0x9E3779B97F4A7C15L};
        chain[0] = () -> {
            if (--remaining[0] >= width) {
                long x = state[0];
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                state[0] = x;
                q.schedule(x & 1023, "tick", chain[0]);
            }
        };
        for (int i = 0; i < width; i++) {
            q.schedule(i, "tick", chain[0]);
        }
        q.runUntil(Long.MAX_VALUE, false);
        return q.dispatched();
    }
}
