package dev.irqlab.runtime.matrix;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ConfigType;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.assembly.ScenarioCheck;
import dev.irqlab.runtime.assembly.StackBuilder;
import dev.irqlab.runtime.scenario.Platform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A matrix row as scenario text, in the language users write: the matrix runs nothing a scenario
 * file could not express.
 */
public final class MatrixScenario {

    private MatrixScenario() {
    }

    /** The source name the loader is given, e.g. {@code matrix/gicv3/none/oneshot-threaded.yaml}. */
    public static String sourceName(MatrixRow row) {
        return "matrix/" + row.id() + ".yaml";
    }

    /** The scenario YAML of a row with the platform device of its flow ({@link MatrixDevice#platform}). */
    public static String yaml(MatrixRow row, MatrixSettings settings) {
        return yaml(row, settings, MatrixDevice.platform(row.flow()));
    }

    /**
     * The scenario YAML of a row with the given device; {@code platform.forwarder}, {@code platform.vmm}
     * and {@code vmm:} are written only when they are not the defaults, so that a default row's text is
     * what it always was. The virtual controller is named because it is configured: at the kernel
     * version its plugin runs the row's variant at ({@link MatrixRow#virtualControllerConfig()}).
     */
    public static String yaml(MatrixRow row, MatrixSettings settings, MatrixDevice device) {
        GuestFlow f = row.flow();
        MatrixVmm vmm = row.vmm();
        return "name: matrix " + row.id() + "\n"
                + "seed: " + settings.seed() + "\n"
                + "run: {duration: " + settings.durationNs() + "ns, drain: " + settings.drainNs() + "ns}\n"
                + "platform:\n"
                + "  controller: " + row.controller() + "\n"
                + "  virtual-controller: " + row.virtualController() + "\n"
                + (row.defaultForwarder() ? "" : "  forwarder: " + row.forwarder() + "\n")
                + (vmm.name().equals(Platform.DEFAULT_VMM) ? "" : "  vmm: " + vmm.name() + "\n")
                + "fix: " + row.variant().fixName() + "\n"
                + (vmm.config().isEmpty() ? "" : "vmm: " + flow(vmm.config()) + "\n")
                + (row.virtualControllerConfig().isEmpty() ? ""
                        : "config:\n  virtual-controller: " + flow(row.virtualControllerConfig()) + "\n")
                + "devices:\n"
                + "  - name: dev\n"
                + "    model: " + device.model() + "\n"
                + "    interrupt: {line: " + device.line() + ", trigger: " + device.trigger() + "}\n"
                + "    forwarding: " + forwarding(row) + "\n"
                + "    driver: {name: " + device.driver() + ", flow: " + f.label() + "}\n"
                + "    workload: {start: " + settings.startNs() + "ns, period: " + settings.periodNs() + "ns, count: "
                + settings.events() + "}\n";
    }

    /**
     * What the text of {@link #yaml(MatrixRow, MatrixSettings, MatrixDevice)} selects, as the loader
     * reads it ({@link ScenarioCheck.Selection#of}), found without the text: the plugins' verdict on a
     * row is known before its scenario is loaded. Empty when the loader's typing of the row's
     * virtual-controller configuration cannot be told without it (a key that is not a choice, or a word
     * outside its choices); then only the loaded scenario answers.
     *
     * @param schema the virtual controller's configuration keys
     */
    static Optional<ScenarioCheck.Selection> selection(MatrixRow row, MatrixDevice device, List<ConfigKey> schema) {
        Map<String, Object> config = new TreeMap<>(Config.defaults(schema).values());
        for (Map.Entry<String, String> e : row.virtualControllerConfig().entrySet()) {
            Optional<ConfigKey> key = schema.stream().filter(k -> k.name().equals(e.getKey())).findFirst();
            if (key.isEmpty() || key.get().type() != ConfigType.CHOICE || !key.get().choices().contains(e.getValue())) {
                return Optional.empty();
            }
            config.put(e.getKey(), e.getValue()); // a choice is the word as written
        }
        Map<Role, String> chosen = new EnumMap<>(Role.class);
        chosen.put(Role.PHYSICAL_CONTROLLER, row.controller());
        chosen.put(Role.VIRTUAL_CONTROLLER, row.virtualController());
        chosen.put(Role.KERNEL, Platform.DEFAULT_KERNEL);
        chosen.put(Role.HYPERVISOR, Platform.DEFAULT_HYPERVISOR);
        chosen.put(Role.VMM, row.vmm().name());
        chosen.put(Role.FORWARDER, row.forwarder());
        Set<String> fixes = row.variant().fixName().equals(Variant.NONE.fixName()) ? Set.of()
                : Set.of(row.variant().fixName());
        return Optional.of(new ScenarioCheck.Selection(chosen, Set.of(device.model()), Set.of(device.driver()), fixes,
                Optional.of(Config.of(config)), row.virtualControllerConfig().containsKey(StackBuilder.VERSION_KEY)));
    }

    /**
     * The variant's forwarding, else the flow's; a level flow on a VMM without VFIO's unmask eventfd
     * ({@code VmmFactory.unmaskEventfd} false) has a plain irqfd, as that VMM wires it
     * (cloud-hypervisor pci/src/vfio.rs: INTx on the pin's irqfd, no resamplefd).
     */
    static String forwarding(MatrixRow row) {
        String flow = row.flow().forwarding();
        if (!row.vmm().unmaskEventfd() && flow.equals(Forwarding.IRQFD_RESAMPLE.label())) {
            flow = Forwarding.IRQFD.label();
        }
        return row.variant().forwarding().orElse(flow);
    }

    /** {@code {a: 1, b: 2}}: a YAML flow mapping of plain scalars, in order. */
    private static String flow(Map<String, String> map) {
        List<String> parts = new ArrayList<>();
        map.forEach((k, v) -> parts.add(k + ": " + v));
        return "{" + String.join(", ", parts) + "}";
    }
}
