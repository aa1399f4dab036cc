package dev.irqlab.bench;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.kvmlive.bench.NativeRoundTrip;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulated round trip against the real one on this machine, in alternation: the simulation of
 * {@link RoundTripScenario} (x86: ioapic + kvm-ioapic, trace off, in this JVM, warmed up first) and
 * the native host over {@code /dev/kvm} ({@link NativeRoundTrip}, built with gcc on first use) take
 * turns, so that both see the same load, and each pair prints its ratio of round trips per wall
 * second. Where {@code /dev/kvm} or gcc is absent it says why and exits 0.
 *
 * <pre>
 * java -Xbatch -cp benchmarks/target/benchmarks.jar dev.irqlab.bench.KvmAlternation [oneshot|level] [pairs=7] [none|fixed]
 * </pre>
 * The simulation is warmed up until the JIT is quiet ({@link JitWarmup}; {@code -Xbatch} makes that
 * sooner) before the first pair.
 * A stand-alone measuring tool (like {@link LongRun}): it reads the wall clock. Never run it at a
 * real-time priority ({@code chrt -f}): KVM injects from a kernel worker that it would starve.
 */
public final class KvmAlternation {

    static final long SIM_EVENTS = 20_000;
    static final long REAL_EVENTS = 5_000;
    /** IO-APIC pin of the real device (above the 8259's 16 lines). */
    static final int PIN = 16;

    private KvmAlternation() {
    }

    public static void main(String[] args) {
        boolean oneshot = args.length < 1 || args[0].equals("oneshot");
        if (args.length > 0 && !args[0].equals("oneshot") && !args[0].equals("level")) {
            throw new IllegalArgumentException("usage: KvmAlternation [oneshot|level] [pairs] [none|fixed]");
        }
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        boolean fixed = args.length > 2 && args[2].equals("fixed");
        PrintStream out = System.out;
        Optional<String> why = NativeRoundTrip.unavailableReason();
        if (why.isPresent()) {
            out.println("skipped: " + why.get());
            return;
        }
        try (NativeRoundTrip real = NativeRoundTrip.build(Path.of(System.getProperty("java.io.tmpdir"),
                "irqlab-kvm-roundtrip-" + ProcessHandle.current().pid()))) {
            alternate(real, oneshot, pairs, fixed, out);
        }
    }

    /** Warms the simulated run up, then runs {@code pairs} simulated and real runs in turn. */
    private static void alternate(NativeRoundTrip real, boolean oneshot, int pairs, boolean fixed, PrintStream out) {
        PluginRegistry registry = PluginRegistry.discover();
        RoundTripScenario rt = new RoundTripScenario("ioapic", fixed, SIM_EVENTS, oneshot ? "oneshot-threaded" : "level");
        Scenario scenario = new ScenarioLoader().load(rt.name(), rt.yaml(), registry);
        ScenarioRunner runner = new ScenarioRunner(registry);
        JitWarmup.untilQuiet("simulated round trip", () -> simulate(runner, scenario));
        real.run(oneshot, REAL_EVENTS / 5, PIN);

        out.printf(Locale.ROOT, "%s level round trip, x86; simulated: %s (fix %s, trace off, %,d events a run); real: "
                + "native host on /dev/kvm (%,d events a run)%n", oneshot ? "ONESHOT" : "plain", rt.name(),
                fixed ? "fixed" : "none", SIM_EVENTS, REAL_EVENTS);
        out.println("cpus allowed: " + allowedCpus().orElse("(unknown)"));
        out.println("pair  simulated/s      real/s   real median   real irqs/event   ratio");
        double[] ratios = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            double sim = simulate(runner, scenario);
            NativeRoundTrip.Result r = real.run(oneshot, REAL_EVENTS, PIN);
            ratios[p] = sim / r.perSecond();
            out.printf(Locale.ROOT, "%4d  %,11.0f  %,10.0f  %9.1f us  %16.2f  %6.1fx%n", p + 1, sim, r.perSecond(),
                    r.medianNs() / 1e3, (double) r.interrupts() / r.events(), ratios[p]);
        }
        Arrays.sort(ratios);
        out.printf(Locale.ROOT, "ratio simulated/real round trips per wall second: median %.1fx, min %.1fx, max %.1fx%n",
                median(ratios), ratios[0], ratios[pairs - 1]);
        disagreement(ratios, allowedCpus()).ifPresent(out::println);
    }

    /**
     * The median of sorted values: the middle one, or the mean of the two middle ones for an even count
     * (the upper one alone made the median of two pairs their maximum).
     */
    static double median(double[] sorted) {
        int n = sorted.length;
        return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
    }

    /** Above this max/min spread of the pairs' ratios the median is not to be trusted. */
    static final double SPREAD = 1.15;

    /**
     * A warning when the pairs disagree by more than {@link #SPREAD} and the process may run on more than
     * one CPU: on a shared 2-vCPU VM the ratio then flips between modes from one pair to the next (as
     * the native host's vCPU thread and the JVM land on the same or on different CPUs); pinned to one
     * CPU the pairs agree within a few per cent.
     */
    static Optional<String> disagreement(double[] sortedRatios, Optional<String> cpus) {
        double spread = sortedRatios[sortedRatios.length - 1] / sortedRatios[0];
        boolean pinned = cpus.map(c -> c.matches("\\d+")).orElse(false);
        if (spread <= SPREAD || pinned) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: the pairs disagree (max/min %.2f) and this process may run on "
                + "CPUs %s; the scheduler moves the host's vCPU thread between runs. Pin it to one CPU for a steady "
                + "ratio: taskset -c 1 java ...", spread, cpus.orElse("(unknown)")));
    }

    /** {@code Cpus_allowed_list} of this process (Linux), e.g. {@code 0-1} or {@code 1}. */
    private static Optional<String> allowedCpus() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** One simulated run; its device events per wall second. */
    private static double simulate(ScenarioRunner runner, Scenario scenario) {
        long t0 = System.nanoTime();
        RunOutcome o = runner.run(scenario, Trace.discard());
        long ns = System.nanoTime() - t0;
        if (!o.passed()) {
            throw new IllegalStateException("the round-trip scenario does not behave as expected: " + o.expectations());
        }
        return o.metrics().deviceEvents() / (ns / 1e9);
    }
}
