package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginCatalog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Walks one composed scenario document, section by section, recording every problem. A section
 * with problems yields empty; the scenario is assembled only when the whole walk found none.
 */
final class ScenarioReader {

    static final List<String> ROOT_KEYS = List.of("name", "description", "seed", "run", "platform", "fix", "config",
            "devices", "suspend", "vmm", "actions", "expect");
    /** The single-valued roles in the order {@code platform:} and {@code config:} list them. */
    static final Map<String, Role> PLATFORM_ROLES = platformRoles();
    static final List<String> PLATFORM_KEYS = platformKeys();
    /** The roles {@code config:} configures: the VMM's configuration is the root {@code vmm:} section. */
    static final List<String> CONFIG_KEYS = PLATFORM_ROLES.keySet().stream()
            .filter(k -> PLATFORM_ROLES.get(k) != Role.VMM).toList();
    static final List<String> RUN_KEYS = List.of("duration", "drain");
    static final List<String> SUSPEND_KEYS = List.of("at", "duration");
    /** The {@code vmm:} keys the runtime reads itself; the others are the chosen VMM's configuration. */
    static final List<String> VMM_KEYS = List.of(Vmm.VM_START);
    static final List<String> BOUND_KEYS = List.of("min", "max");

    private final PluginCatalog catalog;
    private final Problems problems;
    private final Values values;
    private final ConfigReader configs;

    private final java.nio.file.Path baseDir;

    /** @param baseDir the directory relative file names in the scenario are resolved against */
    ScenarioReader(PluginCatalog catalog, Problems problems, java.nio.file.Path baseDir) {
        this.baseDir = baseDir;
        this.catalog = catalog;
        this.problems = problems;
        this.values = new Values(problems);
        this.configs = new ConfigReader(problems, values);
    }

    private static Map<String, Role> platformRoles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put("controller", Role.PHYSICAL_CONTROLLER);
        roles.put("virtual-controller", Role.VIRTUAL_CONTROLLER);
        roles.put("kernel", Role.KERNEL);
        roles.put("hypervisor", Role.HYPERVISOR);
        roles.put("vmm", Role.VMM);
        roles.put("forwarder", Role.FORWARDER);
        roles.put("system-sleep", Role.SYSTEM_SLEEP);
        return java.util.Collections.unmodifiableMap(roles);
    }

    private static List<String> platformKeys() {
        List<String> keys = new ArrayList<>(platformRoles().keySet());
        keys.add("host-cpus");
        keys.add("vcpus");
        return List.copyOf(keys);
    }

    /** The scenario, or empty when problems were recorded. */
    Optional<Scenario> read(Node document) {
        Optional<YamlMap> rootMap = YamlMap.of(document, "", problems, ROOT_KEYS);
        if (rootMap.isEmpty()) {
            return Optional.empty();
        }
        YamlMap root = rootMap.get();
        Optional<String> name = root.require("name").flatMap(n -> nonEmptyText(n, "name"));
        Optional<String> description = root.get("description").map(n -> values.text(n, "description"))
                .orElse(Optional.of(""));
        Optional<Long> seed = root.get("seed").map(n -> values.integer(n, "seed", Long.MIN_VALUE, Long.MAX_VALUE))
                .orElse(Optional.of(Scenario.DEFAULT_SEED));
        Optional<Run> run = root.require("run").flatMap(this::run);
        Map<Role, String> chosen = new EnumMap<>(Role.class);
        Optional<Platform> platform = root.require("platform").flatMap(n -> platform(n, chosen));
        Optional<Set<String>> fixes = root.get("fix").map(this::fixes).orElse(Optional.of(Set.of()));
        Map<String, Config> kernels = new java.util.TreeMap<>();
        Optional<Map<Role, Config>> config = config(root.get("config"), chosen, platform.isPresent(), kernels);
        DeviceReader deviceReader = new DeviceReader(catalog, problems, values, configs, baseDir);
        Optional<List<DeviceSpec>> devices = root.require("devices").flatMap(deviceReader::read);
        Optional<Optional<Suspend>> suspend = root.get("suspend").map(n -> suspend(n).map(Optional::of))
                .orElse(Optional.of(Optional.empty()));
        Optional<Vmm> vmm = vmm(root.get("vmm"), chosen.get(Role.VMM), config);
        Optional<List<Action>> actions = root.get("actions")
                .map(n -> new ActionReader(problems, values, deviceReader.deviceNames(), run, platform, vmm).read(n))
                .orElse(Optional.of(List.of()));
        Optional<List<Expectation>> expectations = root.get("expect")
                .map(n -> expectations(n, new ExpectationNames(deviceReader.driverNames(), catalog.messageKeys(),
                        deviceReader.deviceNames(), platform.map(Platform::vcpus))))
                .orElse(Optional.of(List.of()));
        run.ifPresent(r -> new TimeChecks(problems, r).check(vmm, suspend.flatMap(x -> x), devices));
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Scenario(problems.file(), name.orElseThrow(), description.orElseThrow(),
                seed.orElseThrow(), run.orElseThrow(), platform.orElseThrow(), fixes.orElseThrow(),
                config.orElseThrow(), kernels, devices.orElseThrow(), suspend.orElseThrow(), vmm.orElseThrow(),
                actions.orElseThrow(), expectations.orElseThrow(), problems.locations()));
    }

    private Optional<String> nonEmptyText(Node node, String key) {
        Optional<String> text = values.text(node, key);
        if (text.isPresent() && text.get().isBlank()) {
            problems.at(node, key, "found " + Values.describe(node) + ", expected a non-empty name");
            return Optional.empty();
        }
        return text;
    }

    private Optional<Run> run(Node node) {
        Optional<YamlMap> map = YamlMap.of(node, "run", problems, RUN_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> duration = map.get().require("duration")
                .flatMap(n -> values.duration(n, "run.duration", 1, Long.MAX_VALUE));
        Optional<Long> drain = map.get().get("drain").map(n -> values.duration(n, "run.drain", 0, Long.MAX_VALUE))
                .orElse(Optional.of(Run.DEFAULT_DRAIN_NS));
        return duration.isPresent() && drain.isPresent()
                ? Optional.of(new Run(duration.get(), drain.get())) : Optional.empty();
    }

    /** Reads the platform; {@code chosen} receives every valid factory name, even if other keys are wrong. */
    private Optional<Platform> platform(Node node, Map<Role, String> chosen) {
        Optional<YamlMap> found = YamlMap.of(node, "platform", problems, PLATFORM_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        boolean ok = true;
        Map<Role, String> defaults = Map.of(Role.KERNEL, Platform.DEFAULT_KERNEL,
                Role.HYPERVISOR, Platform.DEFAULT_HYPERVISOR, Role.VMM, Platform.DEFAULT_VMM,
                Role.FORWARDER, Platform.DEFAULT_FORWARDER, Role.SYSTEM_SLEEP, Platform.DEFAULT_SYSTEM_SLEEP);
        for (Map.Entry<String, Role> e : PLATFORM_ROLES.entrySet()) {
            Role role = e.getValue();
            Optional<Node> written = role == Role.PHYSICAL_CONTROLLER ? map.require(e.getKey()) : map.get(e.getKey());
            if (written.isPresent()) {
                Optional<String> name = pluginName(written.get(), map.path(e.getKey()), role);
                name.ifPresent(n -> chosen.put(role, n));
                ok &= name.isPresent();
            } else if (defaults.containsKey(role)) {
                chosen.put(role, defaults.get(role));
            } else {
                ok &= role == Role.VIRTUAL_CONTROLLER;
            }
        }
        Optional<Long> hostCpus = map.get("host-cpus")
                .map(n -> values.integer(n, map.path("host-cpus"), 1, Platform.MAX_CPUS)).orElse(Optional.of(1L));
        Optional<Long> vcpus = map.get("vcpus")
                .map(n -> values.integer(n, map.path("vcpus"), 1, Platform.MAX_CPUS)).orElse(Optional.of(1L));
        if (!ok || hostCpus.isEmpty() || vcpus.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Platform(chosen.get(Role.PHYSICAL_CONTROLLER),
                Optional.ofNullable(chosen.get(Role.VIRTUAL_CONTROLLER)), chosen.get(Role.KERNEL),
                chosen.get(Role.HYPERVISOR), chosen.get(Role.VMM), chosen.get(Role.FORWARDER),
                chosen.get(Role.SYSTEM_SLEEP),
                hostCpus.get().intValue(), vcpus.get().intValue()));
    }

    /** A factory name the catalog binds for the role. */
    Optional<String> pluginName(Node node, String path, Role role) {
        return values.choice(node, path, List.copyOf(catalog.names(role)));
    }

    private Optional<Set<String>> fixes(Node node) {
        List<String> allowed = new ArrayList<>();
        allowed.add("none");
        allowed.addAll(catalog.fixes());
        if (node instanceof ScalarNode) {
            return values.choice(node, "fix", allowed)
                    .map(f -> f.equals("none") ? Set.of() : Set.of(f));
        }
        if (!(node instanceof SequenceNode)) {
            problems.at(node, "fix", "found " + Values.describe(node) + ", expected a fix name or a list of them");
            return Optional.empty();
        }
        List<Node> items = ((SequenceNode) node).getValue();
        Set<String> fixes = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String path = "fix[" + i + "]";
            Optional<String> fix = values.choice(items.get(i), path, allowed);
            if (fix.isEmpty()) {
                ok = false;
            } else if (fix.get().equals("none") && items.size() > 1) {
                problems.at(items.get(i), path, "found 'none' in a list of fixes; 'none' stands alone");
                ok = false;
            } else if (!fix.get().equals("none") && !fixes.add(fix.get())) {
                problems.at(items.get(i), path, "duplicate fix '" + fix.get() + "'");
                ok = false;
            }
        }
        return ok ? Optional.of(fixes) : Optional.empty();
    }

    /** The {@code config:} keys that configure one of the two kernels, in addition to {@code kernel} (both). */
    static final List<String> KERNEL_SIDE_KEYS = List.of("host-kernel", "guest-kernel");
    private static final Map<String, String> KERNEL_SIDES = Map.of("host-kernel", Scenario.HOST_KERNEL,
            "guest-kernel", Scenario.GUEST_KERNEL);

    /**
     * The typed configuration of every chosen single-valued role. A role whose factory name is
     * unknown (already reported) gets only its shape checked. {@code kernels} receives the host's and
     * the guest's kernel configuration: {@code config.kernel}, then {@code config.host-kernel} /
     * {@code config.guest-kernel} key by key over it.
     */
    private Optional<Map<Role, Config>> config(Optional<Node> node, Map<Role, String> chosen, boolean platformOk,
                                               Map<String, Config> kernels) {
        List<String> keys = new ArrayList<>(CONFIG_KEYS);
        keys.addAll(KERNEL_SIDE_KEYS);
        Optional<YamlMap> map = node.flatMap(n -> YamlMap.of(n, "config", problems, keys));
        if (node.isPresent() && map.isEmpty()) {
            return Optional.empty();
        }
        Map<Role, Config> result = new EnumMap<>(Role.class);
        boolean ok = true;
        for (Map.Entry<String, Role> e : PLATFORM_ROLES.entrySet()) {
            Role role = e.getValue();
            if (role == Role.VMM) {
                continue;
            }
            String path = "config." + e.getKey();
            Optional<Node> written = map.flatMap(m -> m.get(e.getKey()));
            String factory = chosen.get(role);
            if (factory == null) {
                if (role == Role.VIRTUAL_CONTROLLER && platformOk && written.isPresent()) {
                    problems.at(map.get().keyNode(e.getKey()).orElseThrow(), path,
                            "needs platform.virtual-controller: without it the runtime picks the controller's default");
                    ok = false;
                }
                configs.checkShape(written, path);
                continue;
            }
            Optional<Config> config = configs.read(written, path, catalog.schema(role, factory));
            config.ifPresent(c -> result.put(role, c));
            ok &= config.isPresent();
        }
        for (String key : KERNEL_SIDE_KEYS) {
            Optional<Node> written = map.flatMap(m -> m.get(key));
            String factory = chosen.get(Role.KERNEL);
            Config both = result.get(Role.KERNEL);
            if (factory == null || both == null) {
                configs.checkShape(written, "config." + key);
                continue;
            }
            Optional<Config> side = configs.read(written, "config." + key, catalog.schema(Role.KERNEL, factory), both);
            side.ifPresent(c -> kernels.put(KERNEL_SIDES.get(key), c));
            ok &= side.isPresent();
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    private Optional<Suspend> suspend(Node node) {
        Optional<YamlMap> map = YamlMap.of(node, "suspend", problems, SUSPEND_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> at = map.get().require("at").flatMap(n -> values.duration(n, "suspend.at", 0, Long.MAX_VALUE));
        Optional<Long> duration = map.get().require("duration")
                .flatMap(n -> values.duration(n, "suspend.duration", 1, Long.MAX_VALUE));
        return at.isPresent() && duration.isPresent()
                ? Optional.of(new Suspend(at.get(), duration.get())) : Optional.empty();
    }

    /**
     * The {@code vmm:} section: {@code vm-start}, read here, and the chosen VMM's configuration keys,
     * typed against its schema into {@code config} (also when the section is absent: the defaults).
     * With an unknown VMM name (already reported) only {@code vm-start} and the shape are checked.
     */
    private Optional<Vmm> vmm(Optional<Node> node, String vmmName, Optional<Map<Role, Config>> config) {
        List<ConfigKey> schema = vmmName == null ? List.of() : catalog.schema(Role.VMM, vmmName);
        List<String> allowed = new ArrayList<>(VMM_KEYS);
        schema.forEach(k -> allowed.add(k.name()));
        Optional<YamlMap> map = node.flatMap(n -> YamlMap.of(n, "vmm", problems, vmmName == null ? null : allowed));
        if (node.isPresent() && map.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> start = map.flatMap(m -> m.get(Vmm.VM_START))
                .map(n -> values.duration(n, "vmm." + Vmm.VM_START, 0, Long.MAX_VALUE))
                .orElse(Optional.of(Vmm.DEFAULT.vmStartNs()));
        if (vmmName != null) {
            Optional<Config> typed = configs.read(map, schema, Set.of(Vmm.VM_START));
            if (typed.isEmpty()) {
                return Optional.empty();
            }
            config.ifPresent(c -> c.put(Role.VMM, typed.get()));
        }
        return start.map(Vmm::new);
    }

    private Optional<List<Expectation>> expectations(Node node, ExpectationNames metrics) {
        Optional<YamlMap> map = YamlMap.of(node, "expect", problems, null);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        List<Expectation> result = new ArrayList<>();
        boolean ok = true;
        for (NodeTuple entry : map.get().entries()) {
            String metric = ((ScalarNode) entry.getKeyNode()).getValue();
            String path = map.get().path(metric);
            Optional<String> wrong = metrics.check(metric);
            if (wrong.isPresent()) {
                problems.at(entry.getKeyNode(), path, wrong.get());
                ok = false;
                continue;
            }
            Optional<Expectation> expectation = expectation(entry, metric, path);
            expectation.ifPresent(result::add);
            ok &= expectation.isPresent();
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    private Optional<Expectation> expectation(NodeTuple entry, String metric, String path) {
        Node value = entry.getValueNode();
        Location location = problems.location(entry.getKeyNode());
        boolean latency = ExpectationNames.isLatency(metric);
        if (!(value instanceof MappingNode)) {
            return bound(value, path, latency).map(v -> new Expectation(metric, v, v, location));
        }
        Optional<YamlMap> map = YamlMap.of(value, path, problems, BOUND_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        if (!map.get().has("min") && !map.get().has("max")) {
            if (((MappingNode) value).getValue().isEmpty()) {
                problems.at(value, path, "found an empty mapping, expected an integer or {min: n, max: n}");
            }
            return Optional.empty();
        }
        Optional<Long> min = map.get().get("min").map(n -> bound(n, path + ".min", latency))
                .orElse(Optional.of(Long.MIN_VALUE));
        Optional<Long> max = map.get().get("max").map(n -> bound(n, path + ".max", latency))
                .orElse(Optional.of(Long.MAX_VALUE));
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        if (min.get() > max.get()) {
            problems.at(value, path, "min " + min.get() + " is greater than max " + max.get());
            return Optional.empty();
        }
        return Optional.of(new Expectation(metric, min.get(), max.get(), location));
    }

    /** A metric value: a count, or for latencies nanoseconds (an integer or a duration). */
    private Optional<Long> bound(Node node, String path, boolean latency) {
        if (latency && node instanceof ScalarNode && !org.snakeyaml.engine.v2.nodes.Tag.INT.equals(node.getTag())) {
            return values.duration(node, path, 0, Long.MAX_VALUE);
        }
        return values.integer(node, path, 0, Long.MAX_VALUE);
    }
}
