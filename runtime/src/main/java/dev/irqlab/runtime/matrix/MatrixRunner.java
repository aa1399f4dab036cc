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
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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
    private final ScenarioCheck check;
    private final MatrixAxes axes;
    /** Each host controller's PCI INTA of slot 0 ({@link #device}), asked of its factory once. */
    private final Map<String, Optional<MatrixDevice>> pciFunctions = new ConcurrentHashMap<>();

    /**
     * @throws PluginException if the plugins' matrix declarations contradict each other
     *         ({@link MatrixAxes#of})
     */
    public MatrixRunner(PluginRegistry registry) {
        this.registry = registry;
        this.check = new ScenarioCheck(registry);
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

    /**
     * The given rows, in their order. Each row is its own run, on one thread from its start to its
     * end, independent of the others: with more than one processor a second thread runs rows from the
     * end of the list while this one runs them from its start (the longest rows, the stuck-line storms
     * of a firmware-booted arm64 VMM, are among the last tables), and each result goes to its row's
     * place, so the results are one thread's.
     *
     * @throws dev.irqlab.runtime.scenario.ScenarioException as {@link #run(MatrixRow, MatrixSettings)}, on
     *         either thread
     */
    public List<RowResult> run(List<MatrixRow> rows, MatrixSettings settings) {
        RowResult[] results = new RowResult[rows.size()];
        Claims claims = new Claims(rows.size());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread back = null;
        if (rows.size() > 1 && Runtime.getRuntime().availableProcessors() > 1) {
            back = new Thread(() -> {
                try {
                    for (int i = claims.fromBack(); i >= 0; i = claims.fromBack()) {
                        results[i] = run(rows.get(i), settings);
                    }
                } catch (RuntimeException | Error e) {
                    claims.stop();
                    failed.set(e);
                }
            }, "irqlab matrix rows from the end");
            back.setDaemon(true); // a failure on this thread ends the command without waiting for it
            back.start();
        }
        try {
            for (int i = claims.fromFront(); i >= 0; i = claims.fromFront()) {
                results[i] = run(rows.get(i), settings);
            }
        } catch (RuntimeException e) {
            claims.stop();
            throw e;
        }
        if (back != null) {
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the matrix's rows ran", e);
            }
        }
        if (failed.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failed.get() instanceof Error e) {
            throw e;
        }
        return List.of(results);
    }

    /** The rows not yet started, taken from the front by one thread and from the back by the other. */
    private static final class Claims {
        private int front;
        private int end;

        Claims(int rows) {
            this.end = rows;
        }

        /** The first row not yet started, or -1 when none is left. */
        synchronized int fromFront() {
            return front < end ? front++ : -1;
        }

        /** The last row not yet started, or -1 when none is left. */
        synchronized int fromBack() {
            return front < end ? --end : -1;
        }

        /** No row starts after this. */
        synchronized void stop() {
            end = front;
        }
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
        MatrixDevice found = ((Device.Found) device).device();
        try {
            // the plugins' verdict first, from the row: a row they refuse is not loaded (most rows of
            // the matrix are refused); the reasons are those the loaded scenario's check would give
            Optional<ScenarioCheck.Selection> selection = selection(row, found);
            if (selection.isPresent()) {
                check.verdict(selection.get());
            }
        } catch (PluginException e) {
            return new RowResult.NotAvailable(row, String.join("; ", e.reasons()));
        } catch (AssemblyException e) {
            return new RowResult.NotAvailable(row, e.getMessage());
        }
        Scenario s = loader.load(MatrixScenario.sourceName(row), MatrixScenario.yaml(row, settings, found), registry);
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

    /**
     * What the row's scenario selects ({@link ScenarioCheck.Selection#of} of {@link #scenario}), found
     * from the row without loading its text ({@link MatrixScenario#selection}); empty for a row with no
     * device, or whose selection only its loaded text tells.
     */
    public Optional<ScenarioCheck.Selection> selection(MatrixRow row) {
        return device(row) instanceof Device.Found found ? selection(row, found.device()) : Optional.empty();
    }

    private Optional<ScenarioCheck.Selection> selection(MatrixRow row, MatrixDevice device) {
        return MatrixScenario.selection(row, device, registry.schema(Role.VIRTUAL_CONTROLLER, row.virtualController()));
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
        Optional<MatrixDevice> function = pciFunctions.computeIfAbsent(row.controller(), this::pciFunction);
        if (function.isEmpty()) {
            return new Device.Missing(row.controller() + " has no PCI host bridge modelled");
        }
        return new Device.Found(function.get());
    }

    /** The {@link MatrixDevice#PCI_MODEL} function in slot 0 of the host controller's PCI host bridge, if it has one. */
    private Optional<MatrixDevice> pciFunction(String controller) {
        Optional<PciHostBridge> bridge = registry.factory(Role.PHYSICAL_CONTROLLER, controller,
                PhysicalControllerFactory.class).create(new ControllerContext(new Simulation(0, Trace.discard()),
                "host." + controller, 1, Config.defaults(registry.schema(Role.PHYSICAL_CONTROLLER, controller)),
                Set.of())).pciHostBridge();
        return bridge.map(b -> new MatrixDevice(MatrixDevice.PCI_MODEL, MatrixDevice.PCI_DRIVER, b.line(0, 1),
                b.trigger().dtName()));
    }
}
