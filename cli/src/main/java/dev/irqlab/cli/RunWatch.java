package dev.irqlab.cli;

import dev.irqlab.runtime.engine.RunControl;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's watch over one run, and the only reader of the wall clock: progress on standard error
 * (virtual time, events, events per second, estimated end) once a run has taken
 * {@link #QUIET_NS}, {@code --max-wall}, and Ctrl-C (SIGINT, SIGTERM), each of which stops the run at
 * the next checkpoint so that it ends with its summary and complete outputs. It answers the
 * simulation's {@link RunControl.Checkpoint}; the simulation itself never sees a clock.
 */
final class RunWatch implements RunControl.Checkpoint, AutoCloseable {

    /** Runs shorter than this print no progress. */
    static final long QUIET_NS = 2_000_000_000L;
    private static final long TERMINAL_EVERY_NS = 250_000_000L;
    private static final long LOG_EVERY_NS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean progress;
    private final boolean terminal;
    private final long maxWallNs;
    private final long endNs;
    private final long start = System.nanoTime();
    private final Thread interruptHook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;
    private long lastPrint;
    private boolean printedOnTerminal;

    /**
     * Whether the process talks to a terminal. Before JDK 22 {@link System#console()} is null when
     * it does not; from JDK 22 the console always exists and {@code Console.isTerminal()} (absent
     * from the Java 17 API, hence looked up) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check is for JDK 17-21; isTerminal() covers 22+
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * @param progress  print progress (a terminal by default, or {@code --progress})
     * @param terminal  standard error is a terminal: one line rewritten in place (carriage return)
     * @param maxWallNs stop after this much wall time; 0 for no bound
     * @param endNs     the run's virtual length, for the estimate
     */
    RunWatch(PrintWriter err, boolean progress, boolean terminal, long maxWallNs, long endNs) {
        this.err = err;
        this.progress = progress;
        this.terminal = terminal;
        this.maxWallNs = maxWallNs;
        this.endNs = endNs;
        this.interruptHook = new Thread(this::interruptedByUser, "irqlab interrupt");
        Runtime.getRuntime().addShutdownHook(interruptHook);
    }

    /** Ctrl-C: ask the run to stop, and give it time to write its summary and outputs. */
    private void interruptedByUser() {
        interrupted = true;
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<String> check(long nowNs, long events) {
        long elapsed = System.nanoTime() - start;
        if (interrupted) {
            return Optional.of("interrupted (Ctrl-C)");
        }
        if (maxWallNs > 0 && elapsed >= maxWallNs) {
            return Optional.of("--max-wall " + seconds(maxWallNs) + " reached");
        }
        if (progress && elapsed >= QUIET_NS && elapsed - lastPrint >= (terminal ? TERMINAL_EVERY_NS : LOG_EVERY_NS)) {
            lastPrint = elapsed;
            String line = line(nowNs, events, elapsed);
            if (terminal) {
                err.print("\r" + line);
                printedOnTerminal = true;
            } else {
                err.println(line);
            }
            err.flush();
        }
        return Optional.empty();
    }

    private String line(long nowNs, long events, long elapsed) {
        double fraction = endNs <= 0 ? 0 : Math.min(1.0, (double) nowNs / endNs);
        long rate = elapsed == 0 ? 0 : (long) (events / (elapsed / 1e9));
        String eta = fraction <= 0 ? "end unknown" : nowNs >= endNs ? "draining"
                : "end in ~" + seconds((long) (elapsed * (1 - fraction) / fraction));
        return String.format("irqlab: virtual %s of %s (%d%%), %,d events, %,d events/s, %s   ",
                virtual(nowNs), virtual(endNs), (int) (fraction * 100), events, rate, eta);
    }

    private static String virtual(long ns) {
        if (ns >= 1_000_000_000L) {
            return String.format("%.3fs", ns / 1e9);
        }
        if (ns >= 1_000_000L) {
            return String.format("%.3fms", ns / 1e6);
        }
        return String.format("%.3fus", ns / 1e3);
    }

    private static String seconds(long ns) {
        return ns % 1_000_000_000L == 0 ? ns / 1_000_000_000L + "s" : String.format("%.1fs", ns / 1e9);
    }

    /** The run is over (outputs committed): end the progress line and let a pending Ctrl-C exit. */
    @Override
    public void close() {
        if (printedOnTerminal) {
            err.println();
            err.flush();
        }
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(interruptHook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and now returns
        }
    }
}
