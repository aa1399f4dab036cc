package dev.irqlab.runtime.assembly;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.Chooser;
import dev.irqlab.runtime.engine.RunControl;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.IrqRef;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.metrics.MetricsCollector;
import dev.irqlab.runtime.metrics.MetricsSpec;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.ResultJson;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Expectation;
import dev.irqlab.runtime.scenario.Ranges;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of a scenario: the check ({@link ScenarioCheck}), the stack ({@link StackBuilder}, the VMM
 * plugin doing the VMM's part), the scenario's actions ({@link ScenarioActions}) and workload until
 * the run length, then drain; the outcome is computed from the trace ({@link MetricsTap}).
 */
public final class ScenarioRunner {

    private final ScenarioCheck check;
    private final StackBuilder builder;
    /**
     * The last scenario a run checked, with the plugins' choice and the versions: runs of one parsed
     * scenario (the explorer's, a benchmark's) check it once. Immutable, so runners on several threads
     * may share it.
     */
    private volatile Checked last;

    /** @param devices the devices' names, in scenario order (the metrics' report order) */
    private record Checked(Scenario scenario, ScenarioCheck.Choice choice, Map<String, String> versions,
                           StackPlan plan, List<String> devices) {
    }

    /**
     * The metrics spec of the last run prepared and the checked scenario it was made for: a run of it
     * whose stack has the same irqs shares it (immutable) instead of making it again.
     */
    private volatile SpecFor lastSpec;

    private record SpecFor(Checked checked, MetricsSpec spec) {
    }

    /**
     * The last ranged scenario run: its choice points ({@link Ranges#choicePoints}) with that many
     * values per range, and its checked scenarios by the values its ranges took. An exploration
     * resolves its ranges anew each run, to one of a few value sets, and finds the points once and
     * checks and plans each set once. Thread-safe: the explorer's workers share a runner.
     */
    private volatile RangedChecks lastRanged;

    private record RangedChecks(Scenario ranged, int rangePoints, Ranges.Points points,
                                Map<List<Long>, Checked> byValues) {
    }

    /** Value sets of one ranged scenario kept checked at most (5 ranges of 3 points are 243). */
    private static final int RANGED_CHECKS_KEPT = 4096;

    /** The kernels of the metrics: the guest's and the host's, by their sides' labels. */
    private static final Set<String> GUEST_KERNELS = Set.of(Action.Side.GUEST.label());
    private static final Set<String> HOST_KERNELS = Set.of(Action.Side.HOST.label());

    public ScenarioRunner(PluginRegistry registry) {
        this.check = new ScenarioCheck(registry);
        this.builder = new StackBuilder(registry);
    }

    /** {@link ScenarioCheck#check}. */
    public ScenarioCheck.Choice check(Scenario s) {
        return check.check(Ranges.resolve(s, null, 2));
    }

    /**
     * Everything {@link #run} would refuse, found without running time: the check, the whole stack
     * built ({@link StackBuilder}) with every device's problems at once, and the register names of the
     * actions against the built controllers. Nothing runs; the stack is dropped.
     *
     * @throws dev.irqlab.runtime.plugins.PluginException when the plugins refuse the combination
     * @throws AssemblyException                           with every problem the build found, located
     */
    public ScenarioCheck.Choice validate(Scenario ranged) {
        Scenario s = Ranges.resolve(ranged, null, 2);
        ScenarioCheck.Choice choice = check.choose(s);
        Stack stack = builder.build(s, choice, new Simulation(s.seed(), Trace.discard()));
        ScenarioCheck.checkActions(s, stack);
        return choice;
    }

    /**
     * Runs the scenario: assembly, the scenario's actions and workload until the run length, then
     * drain. A register action naming a register its controller lacks is refused before any event runs.
     *
     * @param output extra trace sinks (writers); may be {@link Trace#discard()}
     */
    public RunOutcome run(Scenario s, Trace output) {
        return run(s, output, null, 2, RunControl.unlimited());
    }

    /**
     * {@link #run(Scenario, Trace)} within bounds: when {@code control} stops the run (between two
     * events), there is no drain and the outcome covers what ran ({@link RunControl#stopped()}).
     */
    public RunOutcome run(Scenario s, Trace output, RunControl control) {
        return run(s, output, null, 2, control);
    }

    /**
     * Runs the scenario with {@code chooser} deciding its choice points (see {@link Chooser}): first
     * one per latency range of its configurations ({@link Ranges}, {@code rangePoints} values each),
     * then the order of simultaneous events of different actors, models' choices and random draws.
     * A null chooser is the plain run: every range at its low end, today's order.
     */
    public RunOutcome run(Scenario ranged, Trace output, Chooser chooser, int rangePoints) {
        return run(ranged, output, chooser, rangePoints, RunControl.unlimited());
    }

    /**
     * The plugins' choice for {@code s} and the plan of its stack ({@link StackPlan}), found once per
     * scenario object (a scenario is immutable). The
     * register names of its actions are not checked here but against the run's own stack, before any
     * event runs, as {@link ScenarioCheck#check} would on a stack of its own.
     */
    @SuppressWarnings("ReferenceEquality") // the same parsed object, not an equal one: records compare deeply
    private Checked checkOnce(Scenario s) {
        Checked c = last;
        if (c == null || c.scenario() != s) {
            ScenarioCheck.Choice choice = check.choose(s);
            s.expectations().forEach(e -> MetricNames.requireValid(e.metric())); // once: each run checks them valid
            c = new Checked(s, choice, RunInfo.frozenVersions(builder.versions(s, choice)),
                    builder.plan(s, choice), s.devices().stream().map(DeviceSpec::name).toList());
            last = c;
        }
        return c;
    }

    /**
     * {@link #checkOnce} of this run's resolution of a ranged scenario: the chooser decides its ranges
     * ({@link Ranges.Points#choose}, every run, so each run records its range choices), and a value set
     * resolved before gives the scenario checked then (equal to this run's, by the values).
     */
    @SuppressWarnings("ReferenceEquality") // the same parsed object, not an equal one: records compare deeply
    private Checked checkRanged(Scenario ranged, Chooser chooser, int rangePoints) {
        RangedChecks checks = lastRanged;
        if (checks == null || checks.ranged() != ranged || checks.rangePoints() != rangePoints) {
            checks = new RangedChecks(ranged, rangePoints, Ranges.choicePoints(ranged, rangePoints),
                    new ConcurrentHashMap<>());
            lastRanged = checks;
        }
        List<Long> values = checks.points().choose(chooser);
        Checked c = checks.byValues().get(values);
        if (c == null) {
            c = checkOnce(Ranges.apply(ranged, values));
            if (checks.byValues().size() < RANGED_CHECKS_KEPT) {
                checks.byValues().putIfAbsent(values, c);
            }
        }
        return c;
    }

    /** {@link #run(Scenario, Trace, Chooser, int)} within the bounds of {@code control}. */
    public RunOutcome run(Scenario ranged, Trace output, Chooser chooser, int rangePoints, RunControl control) {
        return prepare(ranged, output, chooser, rangePoints).run(control);
    }

    /**
     * The plain run of {@code s} built and checked, nothing run yet: everything {@link #validate}
     * refuses is refused here, with the same exceptions, and the stack built is the run's own. A
     * command that checks a scenario before it runs it (and before it opens any output) builds the
     * stack once instead of twice. {@code output} must be the run's: the models ask it whether it
     * wants detail as they are built, and what set-up emits goes to it.
     *
     * @throws dev.irqlab.runtime.plugins.PluginException when the plugins refuse the combination
     * @throws AssemblyException                           with every problem the build found, located
     */
    public Prepared prepare(Scenario s, Trace output) {
        return prepare(s, output, null, 2);
    }

    @SuppressWarnings("ReferenceEquality") // the same parsed object, not an equal one: records compare deeply
    private Prepared prepare(Scenario ranged, Trace output, Chooser chooser, int rangePoints) {
        Checked before = last;
        // a scenario checked as it is has no ranges (Ranges.resolve would answer it): not looked for again
        RangedChecks lastRangedRun = lastRanged;
        Checked checked = before != null && before.scenario() == ranged ? before
                : (lastRangedRun != null && lastRangedRun.ranged() == ranged) || Ranges.any(ranged)
                ? checkRanged(ranged, chooser, rangePoints)
                : checkOnce(ranged);
        MetricsTap tap = new MetricsTap(output, false); // MetricsCollector reads no detail (wantsDetail)
        Simulation sim = new Simulation(checked.scenario().seed(), tap, chooser);
        Stack stack = builder.build(checked.plan(), sim);
        ScenarioCheck.checkActions(stack.scenario(), stack); // each routed PCI function on its line
        return new Prepared(checked, tap, sim, stack, metricsSpec(checked, stack));
    }

    /**
     * What the metrics need of {@code stack}: the devices' guest and host irqs, the devices in order,
     * the vCPUs. The last run's spec when it was made for the same checked scenario and irqs.
     */
    @SuppressWarnings("ReferenceEquality") // the same checked scenario object
    private MetricsSpec metricsSpec(Checked checked, Stack stack) {
        SpecFor last = lastSpec;
        if (last != null && last.checked() == checked && sameIrqs(last.spec(), stack)) {
            return last.spec();
        }
        Map<String, IrqRef> hostIrqs = new LinkedHashMap<>();
        stack.host().irqs().forEach((device, irq) -> hostIrqs.put(device, new IrqRef(Action.Side.HOST.label(),
                irq)));
        MetricsSpec spec = new MetricsSpec(GUEST_KERNELS, HOST_KERNELS, stack.guestIrqs(), hostIrqs,
                checked.devices(), stack.scenario().platform().vcpus());
        lastSpec = new SpecFor(checked, spec);
        return spec;
    }

    /** Whether {@code spec} was made of a stack with the irqs of {@code stack} (and its vCPUs). */
    private static boolean sameIrqs(MetricsSpec spec, Stack stack) {
        if (spec.vcpus() != stack.scenario().platform().vcpus() || !spec.deviceGuestIrq().equals(stack.guestIrqs())
                || spec.deviceHostIrq().size() != stack.host().irqs().size()) {
            return false;
        }
        for (Map.Entry<String, Integer> e : stack.host().irqs().entrySet()) {
            IrqRef ref = spec.deviceHostIrq().get(e.getKey());
            if (ref == null || ref.irq() != e.getValue()) {
                return false; // every ref's kernel is the host's (HOST_KERNELS)
            }
        }
        return true;
    }

    /** A run built and checked by {@link #prepare}, to be run once. */
    public static final class Prepared {
        private final Checked checked;
        private final MetricsTap tap;
        private final Simulation sim;
        private final Stack stack;
        private final MetricsSpec spec;
        private boolean ran;

        private Prepared(Checked checked, MetricsTap tap, Simulation sim, Stack stack, MetricsSpec spec) {
            this.checked = checked;
            this.tap = tap;
            this.sim = sim;
            this.stack = stack;
            this.spec = spec;
        }

        /**
         * Runs it: the scenario's actions and workload until the run length, then drain (none when
         * {@code control} stops the run).
         *
         * @throws IllegalStateException when it ran before (a run's simulation is used up)
         */
        public RunOutcome run(RunControl control) {
            if (ran) {
                throw new IllegalStateException("a prepared run runs once");
            }
            ran = true;
            Scenario s = stack.scenario();
            ScenarioCheck.Choice choice = checked.choice();
            MetricsCollector metrics = new MetricsCollector(spec, tap.names());
            tap.attach(metrics);
            if (!tap.writes()) {
                sim.traceDirectly(metrics); // the tap would only pass each event on to it
            }
            ScenarioActions.schedule(sim, s, stack);
            long end = s.run().durationNs();
            for (int i = 0; i < s.devices().size(); i++) {
                Workloads.start(sim, stack.devices().get(i), s.devices().get(i).workload(), end);
            }
            s.suspend().ifPresent(sp -> sim.scheduler().scheduleAt(sp.atNs(), "suspend",
                    () -> stack.sleep().suspend(sp.durationNs())));
            sim.queue().runUntil(end, true, control);
            if (control.stopped().isEmpty()) {
                sim.queue().runUntil(end + s.run().drainNs(), false, control);
            }
            RunMetrics m = metrics.finish();
            List<ExpectationResult> verdicts = new ArrayList<>();
            for (Expectation e : s.expectations()) {
                verdicts.add(ExpectationResult.checkValid(m, e.metric(), e.min() == Long.MIN_VALUE ? null : e.min(),
                        e.max() == Long.MAX_VALUE ? null : e.max()));
            }
            RunInfo info = new RunInfo(s.name(), s.source(), s.seed(), sim.now(), sim.queue().dispatched(),
                    checked.versions());
            return new RunOutcome(info, m, verdicts, new ResultJson.AsRun(s, choice.virtualController()));
        }
    }
}
