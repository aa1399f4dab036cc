package dev.irqlab.runtime.scenario;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.plugins.PluginCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads the {@code devices:} list: each device, its interrupt, driver and workload. */
final class DeviceReader {

    static final List<String> DEVICE_KEYS = List.of("name", "model", "interrupt", "guest-pin", "forwarding", "config",
            "driver", "workload");
    static final List<String> INTERRUPT_KEYS = List.of("line", "trigger");
    static final List<String> DRIVER_KEYS = List.of("name", "flow", "config");
    static final List<String> WORKLOAD_KEYS = List.of("start", "period", "count", "jitter", "at", "file");
    /** Most explicit times in a scenario; more come from a timestamp file ({@code workload.file}). */
    static final int MAX_INLINE_TIMES = 10_000;
    static final String NAME_SHAPE = "[a-z0-9][a-z0-9_-]*";
    static final long MAX_COUNT = 100_000_000L;
    private static final Pattern NAME = Pattern.compile(NAME_SHAPE);

    private final PluginCatalog catalog;
    private final Problems problems;
    private final Values values;
    private final ConfigReader configs;
    private final Set<String> driverNames = new LinkedHashSet<>();
    private final Map<String, Node> deviceNames = new LinkedHashMap<>();

    private final java.nio.file.Path baseDir;

    DeviceReader(PluginCatalog catalog, Problems problems, Values values, ConfigReader configs,
                 java.nio.file.Path baseDir) {
        this.baseDir = baseDir;
        this.catalog = catalog;
        this.problems = problems;
        this.values = values;
        this.configs = configs;
    }

    /** The driver names written in the devices (valid or not), for {@code spurious.<driver>} metrics. */
    Set<String> driverNames() {
        return driverNames;
    }

    /** The valid, unique device names written (even of devices with other problems), in file order. */
    List<String> deviceNames() {
        return List.copyOf(deviceNames.keySet());
    }

    Optional<List<DeviceSpec>> read(Node node) {
        if (!(node instanceof SequenceNode)) {
            problems.at(node, "devices", "found " + Values.describe(node) + ", expected a list of devices");
            return Optional.empty();
        }
        List<Node> items = ((SequenceNode) node).getValue();
        if (items.isEmpty()) {
            problems.at(node, "devices", "found an empty list, expected at least one device");
            return Optional.empty();
        }
        List<DeviceSpec> devices = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<DeviceSpec> device = device(items.get(i), "devices[" + i + "]");
            device.ifPresent(devices::add);
            ok &= device.isPresent();
        }
        return ok ? Optional.of(devices) : Optional.empty();
    }

    private Optional<DeviceSpec> device(Node node, String path) {
        Optional<YamlMap> found = YamlMap.of(node, path, problems, DEVICE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        Optional<String> name = map.require("name").flatMap(n -> deviceName(n, map.path("name")));
        Optional<String> model = map.require("model")
                .flatMap(n -> values.choice(n, map.path("model"), List.copyOf(catalog.names(Role.DEVICE))));
        // left out: the host's PCI routing gives line and trigger (the stack derives them, or refuses a
        // model that is no PCI function)
        Optional<Interrupt> interrupt = map.get("interrupt").map(n -> interrupt(n, map.path("interrupt")))
                .orElse(Optional.of(Interrupt.ROUTED));
        Optional<Long> guestPin = map.get("guest-pin")
                .map(n -> values.integer(n, map.path("guest-pin"), 0, Integer.MAX_VALUE))
                .orElse(Optional.of(interrupt.map(Interrupt::line).orElse(0L)));
        // null while the trigger is routed and forwarding is not written (DeviceSpec.routedTo defaults it)
        Forwarding forwarding = null;
        boolean forwardingOk = true;
        if (map.has("forwarding")) {
            Optional<Forwarding> written = map.get("forwarding").flatMap(n -> values.choice(n, map.path("forwarding"),
                    Forwarding.labels()).flatMap(Forwarding::fromLabel));
            forwardingOk = written.isPresent();
            forwarding = written.orElse(null);
        } else if (interrupt.isPresent() && interrupt.get().trigger() != null) {
            forwarding = Forwarding.defaultFor(interrupt.get().trigger());
        }
        Optional<Config> config = deviceConfig(map, model);
        Optional<DriverSpec> driver = map.require("driver").flatMap(n -> driver(n, map.path("driver"), model));
        Optional<Workload> workload = map.get("workload").map(n -> workload(n, map.path("workload")))
                .orElse(Optional.of(new Workload.None()));
        if (name.isEmpty() || model.isEmpty() || interrupt.isEmpty() || guestPin.isEmpty() || !forwardingOk
                || config.isEmpty() || driver.isEmpty() || workload.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceSpec(name.get(), model.get(), (int) interrupt.get().line(),
                interrupt.get().trigger(), guestPin.get().intValue(), forwarding, config.get(), driver.get(),
                workload.get()));
    }

    private Optional<Config> deviceConfig(YamlMap map, Optional<String> model) {
        if (model.isEmpty()) {
            configs.checkShape(map.get("config"), map.path("config"));
            return Optional.empty();
        }
        return configs.read(map.get("config"), map.path("config"), catalog.schema(Role.DEVICE, model.get()));
    }

    /** A unique device name of the allowed shape; a duplicate is reported at the second. */
    private Optional<String> deviceName(Node node, String path) {
        Optional<String> name = values.text(node, path);
        if (name.isEmpty()) {
            return name;
        }
        if (!NAME.matcher(name.get()).matches()) {
            problems.at(node, path, "found " + Values.describe(node) + ", a device name must match " + NAME_SHAPE);
            return Optional.empty();
        }
        Node first = deviceNames.putIfAbsent(name.get(), node);
        if (first != null) {
            Location at = problems.location(first);
            problems.at(node, path, "duplicate device name '" + name.get() + "', first at line " + at.line()
                    + ", column " + at.column());
            return Optional.empty();
        }
        return name;
    }

    /** The host controller line and its trigger; {@link #ROUTED} when not written. */
    private record Interrupt(long line, Trigger trigger) {
        static final Interrupt ROUTED = new Interrupt(DeviceSpec.ROUTED, null);
    }

    private Optional<Interrupt> interrupt(Node node, String path) {
        Optional<YamlMap> map = YamlMap.of(node, path, problems, INTERRUPT_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> line = map.get().require("line")
                .flatMap(n -> values.integer(n, path + ".line", 0, Integer.MAX_VALUE));
        Optional<Trigger> trigger = map.get().require("trigger")
                .flatMap(n -> values.choice(n, path + ".trigger", Trigger.dtNames()))
                .flatMap(Trigger::fromDtName);
        return line.isPresent() && trigger.isPresent()
                ? Optional.of(new Interrupt(line.get(), trigger.get())) : Optional.empty();
    }

    private Optional<DriverSpec> driver(Node node, String path, Optional<String> model) {
        Optional<YamlMap> found = YamlMap.of(node, path, problems, DRIVER_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        Optional<Node> nameNode = map.require("name");
        nameNode.flatMap(n -> n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode
                ? Optional.of(((org.snakeyaml.engine.v2.nodes.ScalarNode) n).getValue()) : Optional.empty())
                .ifPresent(driverNames::add);
        Optional<String> name = nameNode
                .flatMap(n -> values.choice(n, map.path("name"), List.copyOf(catalog.names(Role.GUEST_DRIVER))));
        Optional<DriverFlow> flow = map.require("flow")
                .flatMap(n -> values.choice(n, map.path("flow"), DriverFlow.labels()))
                .flatMap(DriverFlow::fromLabel);
        if (name.isPresent() && flow.isPresent()) {
            List<String> flows = catalog.driverFlows(name.get());
            if (!flows.isEmpty() && !flows.contains(flow.get().label())) {
                problems.at(map.get("flow").orElseThrow(), map.path("flow"), "found '" + flow.get().label()
                        + "', a flow the driver " + name.get() + " does not have; allowed: " + String.join(", ", flows));
                flow = Optional.empty();
            }
        }
        if (name.isPresent() && model.isPresent()) {
            Set<String> models = catalog.driverModels(name.get());
            if (!models.isEmpty() && !models.contains(model.get())) {
                List<String> serving = catalog.names(Role.GUEST_DRIVER).stream().filter(d -> {
                    Set<String> m = catalog.driverModels(d);
                    return m.isEmpty() || m.contains(model.get());
                }).toList();
                problems.at(nameNode.orElseThrow(), map.path("name"), "found '" + name.get() + "', a driver that "
                        + "binds to " + String.join(", ", new java.util.TreeSet<>(models)) + ", not to the device's "
                        + "model " + model.get() + "; allowed for " + model.get() + ": " + String.join(", ", serving));
                name = Optional.empty();
            }
        }
        Optional<Config> config;
        if (name.isPresent()) {
            config = configs.read(map.get("config"), map.path("config"), catalog.schema(Role.GUEST_DRIVER, name.get()));
        } else {
            configs.checkShape(map.get("config"), map.path("config"));
            config = Optional.empty();
        }
        return name.isPresent() && flow.isPresent() && config.isPresent()
                ? Optional.of(new DriverSpec(name.get(), flow.get(), config.get())) : Optional.empty();
    }

    /**
     * Either {@code period} and {@code count} (with optional {@code start}) or explicit {@code at}
     * times; {@code jitter} goes with both.
     */
    private Optional<Workload> workload(Node node, String path) {
        Optional<YamlMap> found = YamlMap.of(node, path, problems, WORKLOAD_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        Optional<Long> jitter = map.get("jitter").map(n -> values.duration(n, map.path("jitter"), 0, Long.MAX_VALUE))
                .orElse(Optional.of(0L));
        Optional<Long> start = map.get("start").map(n -> values.duration(n, map.path("start"), 0, Long.MAX_VALUE))
                .orElse(Optional.of(0L));
        Optional<Long> period = map.get("period").flatMap(n -> values.duration(n, map.path("period"), 1, Long.MAX_VALUE));
        Optional<Long> count = map.get("count").flatMap(n -> values.integer(n, map.path("count"), 1, MAX_COUNT));
        for (String explicit : List.of("at", "file")) {
            if (!map.has(explicit)) {
                continue;
            }
            List<String> others = WORKLOAD_KEYS.stream().filter(k -> !k.equals(explicit) && !k.equals("jitter"))
                    .filter(map::has).toList();
            if (!others.isEmpty()) {
                problems.at(map.keyNode(explicit).orElseThrow(), map.path(explicit), "not allowed together with "
                        + String.join(", ", others) + "; give either explicit times (at or file) or start/period/count");
                return Optional.empty();
            }
            Optional<List<Long>> times = explicit.equals("at") ? times(map.get("at").orElseThrow(), map.path("at"))
                    : timesFile(map.get("file").orElseThrow(), map.path("file"));
            return times.isPresent() && jitter.isPresent()
                    ? Optional.of(new Workload.AtTimes(times.get(), jitter.get())) : Optional.empty();
        }
        if (!map.has("period")) {
            problems.at(map.node(), map.path("period"), "missing required key (or give explicit times with 'at')");
            return Optional.empty();
        }
        if (!map.has("count")) {
            map.require("count");
            return Optional.empty();
        }
        if (jitter.isEmpty() || start.isEmpty() || period.isEmpty() || count.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Workload.Periodic(start.get(), period.get(), count.get(), jitter.get()));
    }

    /** The times of a timestamp file, its name resolved against the scenario's directory. */
    private Optional<List<Long>> timesFile(Node node, String path) {
        Optional<String> name = values.text(node, path);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        java.nio.file.Path file;
        try {
            file = baseDir.resolve(name.get());
        } catch (java.nio.file.InvalidPathException e) {
            problems.at(node, path, "found '" + Values.clip(name.get()) + "', not a file name: " + e.getReason());
            return Optional.empty();
        }
        String shown = problems.file().startsWith("<") ? name.get()
                : java.nio.file.Path.of(problems.file()).resolveSibling(name.get()).toString();
        return TimestampFile.read(shown, file, problems, message -> problems.at(node, path, message));
    }

    private Optional<List<Long>> times(Node node, String path) {
        if (!(node instanceof SequenceNode) || ((SequenceNode) node).getValue().isEmpty()) {
            problems.at(node, path, "found " + (node instanceof SequenceNode ? "an empty list"
                    : Values.describe(node)) + ", expected a list of times");
            return Optional.empty();
        }
        List<Node> items = ((SequenceNode) node).getValue();
        if (items.size() > MAX_INLINE_TIMES) {
            problems.at(node, path, "found " + items.size() + " times, above the limit of " + MAX_INLINE_TIMES
                    + " in a scenario; put them in a timestamp file (workload.file: times.csv)");
            return Optional.empty();
        }
        List<Long> times = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<Long> t = values.duration(items.get(i), path + "[" + i + "]", 0, Long.MAX_VALUE);
            t.ifPresent(times::add);
            ok &= t.isPresent();
        }
        times.sort(null);
        return ok ? Optional.of(times) : Optional.empty();
    }
}
