package dev.irqlab.runtime.assembly;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.RunControl;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Expectation;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Results a user would not expect from a run that otherwise succeeded: device events no driver
 * consumed, a device whose interrupts never reached its driver, a fix that changed nothing. A
 * warning about a metric the scenario's {@code expect:} block names is left out: the scenario
 * expected it. Each warning is one sentence naming the metric or the key concerned.
 */
public final class RunWarnings {

    private final ScenarioRunner runner;

    public RunWarnings(ScenarioRunner runner) {
        this.runner = runner;
    }

    /**
     * The warnings of one whole run. A selected fix is checked by running the scenario again without
     * it (as deterministic as the first run, within the same event bound): the same metrics mean the
     * fix changed nothing here.
     *
     * @param maxEvents   the bound the first run had ({@link Long#MAX_VALUE}: none)
     * @param compareFixes whether to run without each fix (false: no fix warning)
     */
    public List<String> of(Scenario s, RunMetrics m, long maxEvents, boolean compareFixes) {
        Set<String> expected = new LinkedHashSet<>();
        for (Expectation e : s.expectations()) {
            expected.add(e.metric());
        }
        List<String> warnings = new ArrayList<>();
        if (m.lost() > 0 && !expected.contains(MetricNames.LOST)) {
            warnings.add(MetricNames.LOST + ": " + m.lost() + " of " + m.deviceEvents()
                    + " device events were never consumed by a driver");
        }
        Set<String> reported = new TreeSet<>();
        for (int i = 0; i < s.devices().size(); i++) {
            DeviceSpec d = s.devices().get(i);
            String driver = d.driver().name();
            String handled = MetricNames.HANDLED + "." + driver;
            String spurious = MetricNames.SPURIOUS + "." + driver;
            if (d.workload() instanceof Workload.None || expected.contains(handled) || expected.contains(spurious)
                    || !reported.add(driver)) {
                continue;
            }
            // a driver that reported an outcome is in handledByDriver, even with 0 handled (all spurious)
            if (!m.handledByDriver().containsKey(driver)) {
                warnings.add("devices[" + i + "] '" + d.name() + "': its interrupts never reached its driver: "
                        + driver + "'s handler never ran (no " + handled + ", no " + spurious + ")");
            }
        }
        for (String fix : compareFixes ? s.fixes() : Set.<String>of()) {
            Set<String> others = new TreeSet<>(s.fixes());
            others.remove(fix);
            RunMetrics without = runner.run(withFixes(s, others), Trace.discard(),
                    new RunControl(maxEvents, (now, events) -> java.util.Optional.empty())).metrics();
            if (without.values().equals(m.values())) {
                warnings.add("fix: '" + fix + "' changed nothing: without it the run gives the same metrics");
            }
        }
        return warnings;
    }

    private static Scenario withFixes(Scenario s, Set<String> fixes) {
        return new Scenario(s.source(), s.name(), s.description(), s.seed(), s.run(), s.platform(), fixes, s.config(),
                s.kernels(), s.devices(), s.suspend(), s.vmm(), s.actions(), s.expectations(), s.locations());
    }
}
