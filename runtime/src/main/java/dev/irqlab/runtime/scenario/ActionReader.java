package dev.irqlab.runtime.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code actions:} list. An action is either a kernel call
 * ({@code {at, kernel, call, device}} plus {@code on} for {@code irq_set_irq_wake} and {@code flag}
 * for the status-flag calls) or a register access ({@code {at, controller, write, value}} or
 * {@code {at, controller, read}}); {@code cpu} goes with both. A key of the other form, or one the
 * call does not take, is refused at the key.
 *
 * <p>Register names are checked here for their shape only (the manual's upper-case spelling): which
 * registers a controller has is known to the controller model, so the runtime checks the names
 * against {@code Registers.names()} before the run starts.
 */
final class ActionReader {

    static final List<String> ACTION_KEYS = List.of("at", "kernel", "call", "device", "on", "flag", "controller",
            "write", "read", "value", "cpu");
    static final String REGISTER_SHAPE = "[A-Z][A-Z0-9_]*";
    private static final Pattern REGISTER = Pattern.compile(REGISTER_SHAPE);
    private static final List<String> KERNEL_ONLY = List.of("call", "device", "on", "flag");
    private static final List<String> CONTROLLER_ONLY = List.of("write", "read", "value");

    private final Problems problems;
    private final Values values;
    private final List<String> devices;
    private final Optional<Run> run;
    private final Optional<Platform> platform;
    private final Optional<Vmm> vmm;

    /**
     * @param devices  the device names of the scenario, in file order
     * @param run      the run, if it read cleanly: actions must come before its end
     * @param platform the platform, if it read cleanly: {@code cpu} must exist
     * @param vmm      the VMM settings, if they read cleanly: guest actions come after the VM starts
     */
    ActionReader(Problems problems, Values values, List<String> devices, Optional<Run> run,
                 Optional<Platform> platform, Optional<Vmm> vmm) {
        this.problems = problems;
        this.values = values;
        this.devices = List.copyOf(devices);
        this.run = run;
        this.platform = platform;
        this.vmm = vmm;
    }

    Optional<List<Action>> read(Node node) {
        if (!(node instanceof SequenceNode)) {
            problems.at(node, "actions", "found " + Values.describe(node) + ", expected a list of actions");
            return Optional.empty();
        }
        List<Node> items = ((SequenceNode) node).getValue();
        List<Action> actions = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<Action> action = action(items.get(i), "actions[" + i + "]");
            action.ifPresent(actions::add);
            ok &= action.isPresent();
        }
        return ok ? Optional.of(actions) : Optional.empty();
    }

    private Optional<Action> action(Node node, String path) {
        Optional<YamlMap> found = YamlMap.of(node, path, problems, ACTION_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = found.get();
        boolean kernel = map.has("kernel");
        boolean controller = map.has("controller");
        if (kernel && controller) {
            problems.at(map.keyNode("controller").orElseThrow(), map.path("controller"),
                    "not allowed together with kernel; an action is either a kernel call (kernel, call, device) "
                            + "or a register access (controller, write and value, or read)");
            return Optional.empty();
        }
        if (!kernel && !controller) {
            problems.at(map.node(), map.path("kernel"),
                    "missing required key (or controller, for a register access)");
            return Optional.empty();
        }
        String sideKey = kernel ? "kernel" : "controller";
        Optional<Action.Side> side = map.get(sideKey)
                .flatMap(n -> values.choice(n, map.path(sideKey), Action.Side.labels()))
                .flatMap(Action.Side::fromLabel);
        Optional<Long> at = map.require("at").flatMap(n -> at(n, map.path("at"), side));
        Optional<Integer> cpu = map.get("cpu").map(n -> cpu(n, map.path("cpu"), side))
                .orElse(Optional.of(0));
        boolean foreign = refuseKeys(map, kernel ? CONTROLLER_ONLY : KERNEL_ONLY,
                kernel ? "only in a register access (controller:), not in a kernel call"
                        : "only in a kernel call (kernel:), not in a register access");
        if (kernel) {
            // with no valid device name (devices: already reported) only the shape can be checked
            Optional<String> device = map.require("device").flatMap(n -> devices.isEmpty()
                    ? values.text(n, map.path("device")).flatMap(d -> Optional.<String>empty())
                    : values.choice(n, map.path("device"), devices));
            Optional<Node> callNode = map.require("call");
            Optional<Action.Call> call = callNode.flatMap(n -> call(n, map));
            if (foreign || side.isEmpty() || at.isEmpty() || cpu.isEmpty() || device.isEmpty() || call.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Action.KernelCall(at.get(), side.get(), cpu.get(), device.get(), call.get(),
                    problems.location(callNode.orElseThrow())));
        }
        return registerAccess(map, side, at, cpu, foreign);
    }

    /** The call and the keys it takes: {@code on} for irq_set_irq_wake, {@code flag} for the status flags. */
    private Optional<Action.Call> call(Node node, YamlMap map) {
        Optional<String> name = values.choice(node, map.path("call"), Action.callNames());
        if (name.isEmpty()) {
            // an unknown call: on and flag cannot be judged, but their values can
            map.get("on").ifPresent(n -> values.bool(n, map.path("on")));
            map.get("flag").ifPresent(n -> values.choice(n, map.path("flag"), Action.StatusFlag.names()));
            return Optional.empty();
        }
        boolean wake = name.get().equals("irq_set_irq_wake");
        boolean flags = name.get().endsWith("_status_flags");
        boolean ok = true;
        if (!wake && map.has("on")) {
            problems.at(map.keyNode("on").orElseThrow(), map.path("on"), "only with call: irq_set_irq_wake");
            ok = false;
        }
        if (!flags && map.has("flag")) {
            problems.at(map.keyNode("flag").orElseThrow(), map.path("flag"),
                    "only with call: irq_set_status_flags or irq_clear_status_flags");
            ok = false;
        }
        Optional<Boolean> on = wake ? map.require("on").flatMap(n -> values.bool(n, map.path("on")))
                : Optional.of(false);
        Optional<Action.StatusFlag> flag = flags ? map.require("flag")
                .flatMap(n -> values.choice(n, map.path("flag"), Action.StatusFlag.names()))
                .flatMap(Action.StatusFlag::fromName) : Optional.of(Action.StatusFlag.IRQ_DISABLE_UNLAZY);
        if (!ok || on.isEmpty() || flag.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (name.get()) {
            case "disable_irq" -> new Action.DisableIrq();
            case "disable_irq_nosync" -> new Action.DisableIrqNosync();
            case "enable_irq" -> new Action.EnableIrq();
            case "irq_set_irq_wake" -> new Action.SetIrqWake(on.get());
            case "irq_set_status_flags" -> new Action.SetStatusFlags(flag.get());
            case "irq_clear_status_flags" -> new Action.ClearStatusFlags(flag.get());
            default -> throw new IllegalStateException("call " + name.get() + " listed but not read");
        });
    }

    /** Exactly one of {@code write} (with {@code value}) and {@code read}. */
    private Optional<Action> registerAccess(YamlMap map, Optional<Action.Side> side, Optional<Long> at,
                                            Optional<Integer> cpu, boolean foreign) {
        boolean write = map.has("write");
        boolean read = map.has("read");
        if (write && read) {
            problems.at(map.keyNode("read").orElseThrow(), map.path("read"),
                    "not allowed together with write; one access per action");
            return Optional.empty();
        }
        if (!write && !read) {
            problems.at(map.node(), map.path("write"), "missing required key (or read)");
            return Optional.empty();
        }
        String key = write ? "write" : "read";
        Node registerNode = map.get(key).orElseThrow();
        Optional<String> register = register(registerNode, map.path(key));
        Optional<Long> value;
        if (write) {
            value = map.require("value").flatMap(n -> values.integer(n, map.path("value"), 0, Long.MAX_VALUE));
        } else {
            if (map.has("value")) {
                problems.at(map.keyNode("value").orElseThrow(), map.path("value"),
                        "only with write; a read takes no value");
            }
            value = map.has("value") ? Optional.empty() : Optional.of(0L);
        }
        if (foreign || side.isEmpty() || at.isEmpty() || cpu.isEmpty() || register.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        Location location = problems.location(registerNode);
        return Optional.of(write
                ? new Action.RegisterWrite(at.get(), side.get(), cpu.get(), register.get(), value.get(), location)
                : new Action.RegisterRead(at.get(), side.get(), cpu.get(), register.get(), location));
    }

    private Optional<String> register(Node node, String path) {
        Optional<String> name = values.text(node, path);
        if (name.isPresent() && !REGISTER.matcher(name.get()).matches()) {
            problems.at(node, path, "found " + Values.describe(node) + ", a register name is the manual's, in "
                    + "capitals (" + REGISTER_SHAPE + "), such as GICD_ISPENDR1 or IOWIN");
            return Optional.empty();
        }
        return name;
    }

    /** Reports each written key of the other form at the key; true if there was one. */
    private boolean refuseKeys(YamlMap map, List<String> keys, String why) {
        boolean found = false;
        for (String key : keys) {
            if (map.has(key)) {
                problems.at(map.keyNode(key).orElseThrow(), map.path(key), why);
                found = true;
            }
        }
        return found;
    }

    /** A time within the run; a guest action not before the VM starts (the guest runs no code before). */
    private Optional<Long> at(Node node, String path, Optional<Action.Side> side) {
        Optional<Long> at = values.duration(node, path, 0, Long.MAX_VALUE);
        if (at.isEmpty()) {
            return at;
        }
        if (run.isPresent() && at.get() > run.get().durationNs()) {
            problems.at(node, path, "found " + Values.describe(node) + ", after the run ends (run.duration "
                    + Durations.format(run.get().durationNs()) + ")");
            return Optional.empty();
        }
        if (side.equals(Optional.of(Action.Side.GUEST)) && vmm.isPresent() && at.get() < vmm.get().vmStartNs()) {
            problems.at(node, path, "found " + Values.describe(node) + ", before the VM starts (vmm.vm-start "
                    + Durations.format(vmm.get().vmStartNs()) + "): the guest runs no code yet");
            return Optional.empty();
        }
        return at;
    }

    /** A CPU of the side: {@code platform.host-cpus} or {@code platform.vcpus}. */
    private Optional<Integer> cpu(Node node, String path, Optional<Action.Side> side) {
        Optional<Integer> cpu = values.integer(node, path, 0, Platform.MAX_CPUS - 1).map(Long::intValue);
        if (cpu.isEmpty() || platform.isEmpty() || side.isEmpty()) {
            return cpu;
        }
        boolean host = side.get() == Action.Side.HOST;
        int cpus = host ? platform.get().hostCpus() : platform.get().vcpus();
        if (cpu.get() >= cpus) {
            problems.at(node, path, "found " + Values.describe(node) + ", allowed: 0.." + (cpus - 1) + " ("
                    + (host ? "platform.host-cpus" : "platform.vcpus") + " is " + cpus + ")");
            return Optional.empty();
        }
        return cpu;
    }
}
