import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Same-JVM A/B of two or more builds: each {@code benchmarks.jar} (from {@code mvn -o -q -pl benchmarks
 * -am package -DskipTests}, copied aside per build) is loaded in a class loader of its own, the same
 * workload is built from each, and the builds take turns in rounds; each round prints nothing, the end
 * prints the median thread CPU time per unit of each build and the median, least and greatest ratio of
 * the first build to each other one per round. Thread CPU time and turns within one process, so that a
 * loaded machine (where JMH scores of separate trials swing by tens of percent) still gives a steady
 * ratio. A measuring tool, never simulation code: it reads the clocks.
 *
 * <pre>
 * java -Xbatch -Xms1g -Xmx1g dev/JarAlternation.java WORKLOAD ROUNDS OLD.jar NEW.jar [MORE.jar...]
 *   WORKLOAD: roundtrip:STACK:FLOW[:fixed]   ioapic|gicv3, oneshot-threaded|level; per device event
 *             burst:burst|turns              BurstBenchmark's 255 devices; per device event
 *             scenario:FILE                  a scenario file, parsed once; per run
 *             explore:FILE                   {@code irqlab explore} of a scenario file, parsed once, 200
 *                                            schedules without reduction (as ExploreBenchmark); per schedule
 *   jsonl+WORKLOAD: the same with the build's JSON Lines trace writer ({@code --trace}) into a stream
 *             that drops the bytes, instead of no trace; e.g. a short run's JSONL/off ratio in one build:
 * java -Xbatch -Xms1g -Xmx1g dev/JarAlternation.java scenario:scenarios/elan-i2c-invalid-report-arm64-gicv3.yaml 10 \
 *     b.jar jsonl+scenario:scenarios/elan-i2c-invalid-report-arm64-gicv3.yaml@b.jar
 *   A jar given as OTHER-WORKLOAD@JAR runs that workload instead (one counted in the same unit): two
 *   workloads of one build in turns, e.g. issue 18's burst ratio (turns first, so the ratio printed is burst/turns throughput):
 * java -Xbatch -Xms2g -Xmx2g dev/JarAlternation.java burst:turns 10 b.jar burst:burst@b.jar
 * </pre>
 * Each round runs each build for about 0.1 s of work ({@code roundtrip}: 5 runs of 20,000 events;
 * {@code burst}: 5 runs; {@code scenario}: 500 runs), after 40 rounds that are not measured.
 */
public final class JarAlternation {

    /** Schedules per exploration of an {@code explore} workload (ExploreBenchmark's). */
    static final int SCHEDULES = 200;

    private JarAlternation() {
    }

    /** One build: its loader, the workload built from it, and how many units one run is. */
    private static final class Build {
        final String name;
        final Object runner;
        final Object scenario;
        final Object discard;
        /** The JSON Lines writer's constructor, or null: the trace is off. */
        final Constructor<?> jsonl;
        final Method run;
        final Method passed;
        final int runsPerRound;
        final boolean perEvent;
        /** The explorer of an {@code explore} workload, its settings and methods; null otherwise. */
        final Object explorer;
        final Object settings;
        final Method explore;
        final Method schedules;

        Build(String jar, String workload) throws Exception {
            name = workload + "@" + Path.of(jar).getFileName();
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> registryClass = cl.loadClass("dev.irqlab.runtime.plugins.PluginRegistry");
            Object registry = registryClass.getMethod("discover", ClassLoader.class).invoke(null, cl);
            Class<?> catalog = cl.loadClass("dev.irqlab.runtime.plugins.PluginCatalog");
            Class<?> loaderClass = cl.loadClass("dev.irqlab.runtime.scenario.ScenarioLoader");
            Object loader = loaderClass.getConstructor().newInstance();
            String prefix = "jsonl+";
            boolean withJsonl = workload.startsWith(prefix);
            String[] w = workload.substring(withJsonl ? prefix.length() : 0).split(":", -1);
            switch (w[0]) {
                case "roundtrip" -> {
                    Class<?> rt = cl.loadClass("dev.irqlab.bench.RoundTripScenario");
                    Constructor<?> c = rt.getDeclaredConstructor(String.class, boolean.class, long.class, String.class);
                    c.setAccessible(true);
                    Object r = c.newInstance(w[1], w.length > 3 && w[3].equals("fixed"), 20_000L, w[2]);
                    scenario = loaderClass.getMethod("load", String.class, String.class, catalog).invoke(loader,
                            call(rt, r, "name"), call(rt, r, "yaml"), registry);
                    runsPerRound = 5;
                    perEvent = true;
                }
                case "burst" -> {
                    Method yaml = cl.loadClass("dev.irqlab.bench.BurstBenchmark").getDeclaredMethod("yaml",
                            boolean.class);
                    yaml.setAccessible(true);
                    scenario = loaderClass.getMethod("load", String.class, String.class, catalog).invoke(loader,
                            "burst-" + w[1] + ".yaml", yaml.invoke(null, w[1].equals("burst")), registry);
                    runsPerRound = 5;
                    perEvent = true;
                }
                case "scenario" -> {
                    scenario = loaderClass.getMethod("load", Path.class, catalog).invoke(loader, Path.of(w[1]),
                            registry);
                    runsPerRound = 500;
                    perEvent = false;
                }
                case "explore" -> {
                    scenario = loaderClass.getMethod("load", Path.class, catalog).invoke(loader, Path.of(w[1]),
                            registry);
                    runsPerRound = 1;
                    perEvent = false;
                }
                default -> throw new IllegalArgumentException("workload " + w[0]
                        + ": one of roundtrip:STACK:FLOW[:fixed], burst:burst|turns, scenario:FILE, explore:FILE");
            }
            Class<?> runnerClass = cl.loadClass("dev.irqlab.runtime.assembly.ScenarioRunner");
            runner = runnerClass.getConstructor(registryClass).newInstance(registry);
            Class<?> trace = cl.loadClass("dev.irqlab.api.trace.Trace");
            discard = trace.getMethod("discard").invoke(null);
            jsonl = withJsonl ? cl.loadClass("dev.irqlab.runtime.output.JsonlTraceWriter")
                    .getConstructor(java.io.OutputStream.class) : null;
            if (w[0].equals("explore")) {
                if (withJsonl) {
                    throw new IllegalArgumentException("explore: no trace to write (the explorer's runs have none)");
                }
                Class<?> explorerClass = cl.loadClass("dev.irqlab.runtime.explore.Explorer");
                explorer = explorerClass.getConstructor(runnerClass).newInstance(runner);
                Class<?> settingsClass = cl.loadClass("dev.irqlab.runtime.explore.ExploreSettings");
                Class<?> reduction = cl.loadClass("dev.irqlab.runtime.explore.Reduction");
                @SuppressWarnings({"unchecked", "rawtypes"})
                Object checks = EnumSet.allOf((Class) cl.loadClass("dev.irqlab.runtime.explore.Check"));
                int rangePoints = cl.loadClass("dev.irqlab.runtime.explore.Schedule")
                        .getField("DEFAULT_RANGE_POINTS").getInt(null);
                settings = settingsClass.getConstructor(long.class, long.class, int.class, reduction, Set.class,
                        boolean.class, int.class, int.class, int.class, int.class).newInstance((long) SCHEDULES,
                        Long.MAX_VALUE, 10_000, reduction.getField("NONE").get(null), checks, true, rangePoints, 0, 0,
                        1);
                Class<?> progress = cl.loadClass("dev.irqlab.runtime.explore.Explorer$Progress");
                explore = explorerClass.getMethod("explore", scenario.getClass(), settingsClass, progress);
                schedules = cl.loadClass("dev.irqlab.runtime.explore.ExploreResult").getMethod("schedules");
            } else {
                explorer = null;
                settings = null;
                explore = null;
                schedules = null;
            }
            run = runnerClass.getMethod("run", scenario.getClass(), trace);
            passed = cl.loadClass("dev.irqlab.runtime.assembly.RunOutcome").getMethod("passed");
        }

        private static Object call(Class<?> type, Object on, String method) throws Exception {
            Method m = type.getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(on);
        }

        /** One run; its device events, or 1 for a per-run workload (or the schedules of an exploration). */
        long once() throws Exception {
            if (explorer != null) {
                long n = ((Number) schedules.invoke(explore.invoke(explorer, scenario, settings, null))).longValue();
                if (n != SCHEDULES) {
                    throw new IllegalStateException(name + ": explored " + n + " schedules, not " + SCHEDULES);
                }
                return n;
            }
            Object outcome;
            if (jsonl == null) {
                outcome = run.invoke(runner, scenario, discard);
            } else {
                try (AutoCloseable w = (AutoCloseable) jsonl.newInstance(java.io.OutputStream.nullOutputStream())) {
                    outcome = run.invoke(runner, scenario, w);
                }
            }
            if (!(Boolean) passed.invoke(outcome)) {
                throw new IllegalStateException(name + ": the workload's expectations are not met");
            }
            if (!perEvent) {
                return 1;
            }
            Object metrics = outcome.getClass().getMethod("metrics").invoke(outcome);
            return (Long) metrics.getClass().getMethod("deviceEvents").invoke(metrics);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java -Xbatch -Xms1g -Xmx1g dev/JarAlternation.java WORKLOAD ROUNDS OLD.jar NEW.jar...");
            System.exit(2);
        }
        String workload = args[0];
        int rounds = Integer.parseInt(args[1]);
        List<Build> builds = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            int at = args[i].lastIndexOf('@');
            builds.add(at < 0 ? new Build(args[i], workload)
                    : new Build(args[i].substring(at + 1), args[i].substring(0, at)));
        }
        var threads = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 40; w++) { // 40 rounds unmeasured: the JIT settles (benchmarks/README.md)
            for (Build b : builds) {
                for (int i = 0; i < b.runsPerRound; i++) {
                    b.once();
                }
            }
        }
        double[][] cost = new double[builds.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < builds.size(); k++) {
                Build b = builds.get(k);
                long units = 0;
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < b.runsPerRound; i++) {
                    units += b.once();
                }
                cost[k][r] = (threads.getCurrentThreadCpuTime() - t0) / (double) units;
            }
        }
        String unit = builds.get(0).perEvent ? "device event" : builds.get(0).explorer != null ? "schedule" : "run";
        System.out.printf(Locale.ROOT, "%s, %d rounds, thread CPU ns per %s (median, least)%n", workload, rounds, unit);
        for (int k = 0; k < builds.size(); k++) {
            double[] v = cost[k].clone();
            Arrays.sort(v);
            System.out.printf(Locale.ROOT, "  %-60s %12.1f %12.1f%n", builds.get(k).name, median(v), v[0]);
        }
        for (int k = 1; k < builds.size(); k++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = cost[0][r] / cost[k][r];
            }
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%s / %s per round: median %.3fx, least %.3fx, greatest %.3fx%n",
                    builds.get(0).name, builds.get(k).name, median(ratio), ratio[0], ratio[rounds - 1]);
        }
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones for an even count. */
    private static double median(double[] sorted) {
        int n = sorted.length;
        return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
    }
}
