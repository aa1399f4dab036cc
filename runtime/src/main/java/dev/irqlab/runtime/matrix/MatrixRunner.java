package dev.irqlab.runtime.matrix;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the matrix: each row is its own scenario (loaded from its text like a user's file) and its
 * own run, independent of the others. Whether a combination exists is the runtime's answer, not a
 * list kept here: {@link ScenarioRunner#check} refuses fixes no chosen plugin implements and
 * plugins that refuse the combination, and the assembly refuses a forwarding mode the virtual
 * controller lacks.
 */
public final class MatrixRunner {

    private final PluginRegistry registry;
    private final ScenarioLoader loader = new ScenarioLoader();

    public MatrixRunner(PluginRegistry registry) {
        this.registry = registry;
    }

    /** Every row of {@link MatrixRow#all()}, in that order. */
    public List<RowResult> run(MatrixSettings settings) {
        List<RowResult> results = new ArrayList<>();
        for (MatrixRow row : MatrixRow.all()) {
            results.add(run(row, settings));
        }
        return List.copyOf(results);
    }

    /**
     * One row.
     *
     * @throws dev.irqlab.runtime.scenario.ScenarioException if the generated text does not load (a bug
     *         in {@link MatrixScenario}, or a plugin missing from the class path)
     */
    public RowResult run(MatrixRow row, MatrixSettings settings) {
        Scenario s = scenario(row, settings);
        ScenarioRunner runner = new ScenarioRunner(registry);
        try {
            runner.check(s);
            RunOutcome outcome = runner.run(s, Trace.discard());
            return new RowResult.Measured(row, outcome.metrics(), outcome.info().versions());
        } catch (PluginException e) {
            return new RowResult.NotAvailable(row, String.join("; ", e.reasons()));
        } catch (AssemblyException e) {
            return new RowResult.NotAvailable(row, e.getMessage());
        }
    }

    /** The row's scenario, loaded as {@code irqlab run} would load its file. */
    public Scenario scenario(MatrixRow row, MatrixSettings settings) {
        return loader.load(MatrixScenario.sourceName(row), MatrixScenario.yaml(row, settings), registry);
    }
}
