package dev.irqlab.runtime.matrix;

import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    private final MatrixAxes axes;

    /**
     * @throws PluginException if the plugins' matrix declarations contradict each other
     *         ({@link MatrixAxes#of})
     */
    public MatrixRunner(PluginRegistry registry) {
        this.registry = registry;
        this.axes = MatrixAxes.of(registry);
    }

    /** The axes of the plugins found. */
    public MatrixAxes axes() {
        return axes;
    }

    /** Every row: {@link MatrixAxes#rows()}. */
    public List<MatrixRow> rows() {
        return axes.rows();
    }

    /** Every row of {@link #rows()}, in that order. */
    public List<RowResult> run(MatrixSettings settings) {
        return run(rows(), settings);
    }

    /** The given rows, in their order. */
    public List<RowResult> run(List<MatrixRow> rows, MatrixSettings settings) {
        List<RowResult> results = new ArrayList<>();
        for (MatrixRow row : rows) {
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
        Device device = device(row);
        if (device instanceof Device.Missing missing) {
            return new RowResult.NotAvailable(row, missing.reason());
        }
        Scenario s = loader.load(MatrixScenario.sourceName(row),
                MatrixScenario.yaml(row, settings, ((Device.Found) device).device()), registry);
        try {
            // the run checks the row first (the plugins' choice and verdict), as check would: a row
            // has no actions, so the check builds nothing and the run's own build finds the rest
            RunOutcome outcome = new ScenarioRunner(registry).run(s, Trace.discard());
            return new RowResult.Measured(row, outcome.metrics(), outcome.info().versions());
        } catch (PluginException e) {
            return new RowResult.NotAvailable(row, String.join("; ", e.reasons()));
        } catch (AssemblyException e) {
            return new RowResult.NotAvailable(row, e.getMessage());
        }
    }

    /** The row's scenario, loaded as {@code irqlab run} would load its file (a row with no device: empty). */
    public Optional<Scenario> scenario(MatrixRow row, MatrixSettings settings) {
        return device(row) instanceof Device.Found found
                ? Optional.of(loader.load(MatrixScenario.sourceName(row), MatrixScenario.yaml(row, settings,
                found.device()), registry))
                : Optional.empty();
    }

    /** A row's device, or why it has none. */
    private sealed interface Device {
        record Found(MatrixDevice device) implements Device {
        }

        record Missing(String reason) implements Device {
        }
    }

    /**
     * The device a row's forwarder binds, by the bus its factory declares
     * ({@link ForwarderFactory#deviceFlags()}): a platform device of the flow's kind, or the
     * {@link MatrixDevice#PCI_MODEL} function in slot 0 with its INTA on the line and trigger the host
     * controller's PCI routing gives it ({@code PhysicalInterruptController.pciHostBridge}). A flow the
     * PCI driver does not have (INTx is a level signal: no edge) or a host without PCI routing has no
     * device.
     */
    private Device device(MatrixRow row) {
        int bus = registry.factory(Role.FORWARDER, row.forwarder(), ForwarderFactory.class).deviceFlags();
        if (bus != Vfio.DEVICE_FLAGS_PCI) {
            return new Device.Found(MatrixDevice.platform(row.flow()));
        }
        if (!registry.names(Role.DEVICE).contains(MatrixDevice.PCI_MODEL)
                || !registry.names(Role.GUEST_DRIVER).contains(MatrixDevice.PCI_DRIVER)) {
            return new Device.Missing(row.forwarder() + " binds PCI functions; no plugin provides device "
                    + MatrixDevice.PCI_MODEL + " and driver " + MatrixDevice.PCI_DRIVER);
        }
        List<String> flows = registry.driverFlows(MatrixDevice.PCI_DRIVER);
        if (!flows.contains(row.flow().label())) {
            return new Device.Missing("PCI INTx is a level signal: driver " + MatrixDevice.PCI_DRIVER + " has no flow "
                    + row.flow().label() + " (its flows: " + String.join(", ", flows) + ")");
        }
        Optional<PciHostBridge> bridge = registry.factory(Role.PHYSICAL_CONTROLLER, row.controller(),
                PhysicalControllerFactory.class).create(new ControllerContext(new Simulation(0, Trace.discard()),
                "host." + row.controller(), 1, Config.defaults(registry.schema(Role.PHYSICAL_CONTROLLER,
                row.controller())), Set.of())).pciHostBridge();
        if (bridge.isEmpty()) {
            return new Device.Missing(row.controller() + " has no PCI host bridge modelled");
        }
        return new Device.Found(new MatrixDevice(MatrixDevice.PCI_MODEL, MatrixDevice.PCI_DRIVER,
                bridge.get().line(0, 1), bridge.get().trigger().dtName()));
    }
}
