package dev.irqlab.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Warm-up until the JIT is done, for the benchmarks whose invocation is a whole run of the stack.
 *
 * <p>Why (issue 18, the variance of RoundTrip, ShortRun, Burst, Explore): a run goes through
 * hundreds of hot methods of every plugin, and on two cores the C2 queue takes far longer to drain
 * than JMH's fixed warm-up of a few seconds. With background compilation, measured on ShortRun,
 * compilations still completed after 20,000 runs and the time per run kept falling by a factor of
 * ten across the iterations, so every iteration measured a differently compiled program; the live
 * heap stayed at 7.5 MB over those runs (no state that grows) and young collections took under 2 %
 * of the time. The benchmarks therefore fork with {@code -Xbatch} (each compilation finishes before
 * the code that asked for it goes on, so warm-up ends with the code compiled rather than queued) and
 * a fixed heap, and call {@link #untilQuiet} in their trial set-up: it runs the workload until no
 * compilation has happened for {@link #QUIET_NS} of its CPU time, however long that takes on a loaded
 * machine.
 */
final class JitWarmup {

    /**
     * How much CPU time the workload's thread must spend with the JIT idle. CPU time, not wall time:
     * a process that is descheduled or stopped (a shared machine) compiles nothing and runs nothing.
     */
    static final long QUIET_NS = 3_000_000_000L;
    /** Give up waiting (and say so) after this long. */
    static final long LIMIT_NS = 300_000_000_000L;

    private JitWarmup() {
    }

    /** Runs {@code workload} until the JIT compiled nothing for {@link #QUIET_NS} of its CPU; reports on stderr. */
    static void untilQuiet(String what, Runnable workload) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            System.err.println(what + ": this JVM does not report compilation time; no warm-up until the JIT is quiet");
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long lastChange = threads.getCurrentThreadCpuTime();
        long lastTotal = jit.getTotalCompilationTime();
        long runs = 0;
        while (true) {
            workload.run();
            runs++;
            long now = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long total = jit.getTotalCompilationTime();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = cpu;
            } else if (cpu - lastChange >= QUIET_NS) {
                break;
            }
            if (now - start > LIMIT_NS) {
                System.err.printf(Locale.ROOT, "%s: the JIT still compiles after %d runs (%.0f s); measuring anyway%n",
                        what, runs, (now - start) / 1e9);
                return;
            }
        }
        System.err.printf(Locale.ROOT, "%s: JIT quiet after %d runs, %.1f s (compilation %,d ms in all)%n", what, runs,
                (System.nanoTime() - start) / 1e9, lastTotal);
    }
}
