package dev.irqlab.runtime.assembly;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks, before anything runs, that the chosen plugins can serve a scenario: resolves the virtual
 * controller (the hypervisor's choice for the host's controller when the scenario names none), the
 * plugins' combination ({@link PluginRegistry#check}), and the register names of the scenario's
 * actions against the built controllers.
 */
public final class ScenarioCheck {

    private final PluginRegistry registry;

    public ScenarioCheck(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The factory names a scenario ends up with, defaults resolved. */
    public record Choice(String controller, String virtualController) {
    }

    /**
     * Resolves the virtual controller and checks the plugins can serve the scenario.
     *
     * @throws PluginException   when the plugins refuse the combination
     * @throws AssemblyException when the scenario cannot be built as written
     */
    public Choice check(Scenario s) {
        Choice choice = choose(s);
        if (s.actions().stream().anyMatch(a -> !(a instanceof Action.KernelCall))) {
            // Only the built controllers know their register names: build the stack once, unrun, to
            // check them, so that a wrong name is refused before any run (also by `irqlab validate`).
            checkActions(s, new StackBuilder(registry).build(s, choice, new Simulation(s.seed(), Trace.discard())));
        }
        return choice;
    }

    /**
     * What the plugins' verdict on a scenario depends on: the factory chosen for each single-valued
     * role (the virtual controller resolved; the system sleep only with a suspend), the device models
     * and guest drivers, the fixes, the virtual controller's configuration, and whether the scenario
     * writes its kernel version ({@code config.virtual-controller.kvm-version}) or takes the default.
     * A caller that knows these without a scenario's text (the matrix, from its row) has the verdict
     * before it loads one.
     */
    public record Selection(Map<Role, String> chosen, Set<String> devices, Set<String> drivers, Set<String> fixes,
                            Optional<Config> virtualControllerConfig, boolean versionWritten) {
        public Selection {
            chosen = Collections.unmodifiableMap(new EnumMap<>(chosen));
            devices = Collections.unmodifiableSet(new TreeSet<>(devices));
            drivers = Collections.unmodifiableSet(new TreeSet<>(drivers));
            fixes = Collections.unmodifiableSet(new TreeSet<>(fixes));
        }

        /** The selection of {@code s}, whose virtual controller is {@code vic}. */
        public static Selection of(Scenario s, String vic) {
            Map<Role, String> chosen = new EnumMap<>(Role.class);
            chosen.put(Role.PHYSICAL_CONTROLLER, s.platform().controller());
            chosen.put(Role.VIRTUAL_CONTROLLER, vic);
            chosen.put(Role.KERNEL, s.platform().kernel());
            chosen.put(Role.HYPERVISOR, s.platform().hypervisor());
            chosen.put(Role.VMM, s.platform().vmm());
            chosen.put(Role.FORWARDER, s.platform().forwarder());
            if (s.suspend().isPresent()) {
                chosen.put(Role.SYSTEM_SLEEP, s.platform().systemSleep());
            }
            Set<String> devices = new TreeSet<>();
            Set<String> drivers = new TreeSet<>();
            s.devices().forEach(d -> {
                devices.add(d.model());
                drivers.add(d.driver().name());
            });
            return new Selection(chosen, devices, drivers, s.fixes(), s.config(Role.VIRTUAL_CONTROLLER),
                    s.locations().containsKey(VERSION_PATH));
        }
    }

    /** Where a scenario writes the virtual controller's kernel version. */
    public static final String VERSION_PATH = "config.virtual-controller." + StackBuilder.VERSION_KEY;

    /** The choice and the plugins' verdict on it, without building anything. */
    Choice choose(Scenario s) {
        String controller = s.platform().controller();
        String hypervisor = s.platform().hypervisor();
        String vic = s.platform().virtualController().orElseGet(() -> registry.factory(Role.HYPERVISOR, hypervisor,
                HypervisorFactory.class).irqchipFor(controller).orElseThrow(() -> new AssemblyException(
                "platform.controller", "the hypervisor '" + hypervisor + "' has no in-kernel interrupt controller for a host with '"
                        + controller + "'; name one in platform.virtual-controller")));
        verdict(Selection.of(s, vic));
        return new Choice(controller, vic);
    }

    /**
     * The plugins' verdict on a selection: the host and virtual controllers model one architecture, every
     * fix is implemented by a chosen plugin, no chosen plugin refuses ({@link PluginRegistry#check}), and
     * no fix is one the virtual controller's configured version already has.
     *
     * @throws PluginException   when the plugins refuse the combination
     * @throws AssemblyException when the controllers model different architectures
     */
    public void verdict(Selection selection) {
        Map<Role, String> chosen = selection.chosen();
        String controller = chosen.get(Role.PHYSICAL_CONTROLLER);
        String vic = chosen.get(Role.VIRTUAL_CONTROLLER);
        Set<String> archs = new TreeSet<>();
        Set<String> features = new TreeSet<>();
        List<IrqlabPlugin> plugins = new ArrayList<>();
        chosen.forEach((role, name) -> plugins.add(registry.ownerOf(role, name)));
        selection.devices().forEach(d -> plugins.add(registry.ownerOf(Role.DEVICE, d)));
        selection.drivers().forEach(d -> plugins.add(registry.ownerOf(Role.GUEST_DRIVER, d)));
        plugins.forEach(p -> {
            archs.addAll(p.capabilities().architectures());
            features.addAll(p.capabilities().features());
        });
        Set<String> hostArch = registry.ownerOf(Role.PHYSICAL_CONTROLLER, controller).capabilities().architectures();
        Set<String> vicArch = registry.ownerOf(Role.VIRTUAL_CONTROLLER, vic).capabilities().architectures();
        if (!hostArch.isEmpty() && !vicArch.isEmpty() && Collections.disjoint(hostArch, vicArch)) {
            throw new AssemblyException("platform.virtual-controller", "the controller '" + controller + "' models " + hostArch
                    + " but the virtual controller '" + vic + "' models " + vicArch);
        }
        List<Refusal> merged = fixesAlreadyMerged(selection, vic);
        try {
            registry.check(new Combination(chosen, selection.devices(), selection.drivers(), archs, selection.fixes(),
                    features));
        } catch (PluginException e) {
            List<Refusal> all = new ArrayList<>(e.refusals());
            all.addAll(merged);
            throw new PluginException(all.stream().map(Refusal::message).toList(), all);
        }
        if (!merged.isEmpty()) {
            throw new PluginException(merged.stream().map(Refusal::message).toList(), merged);
        }
    }

    /**
     * A selected fix that the virtual controller's configured kernel version already contains
     * upstream ({@link VirtualControllerFactory#fixesMergedIn}) contradicts that version: the run
     * would be the version's, the fix would change nothing. Each is refused at {@code fix}, with the
     * versions of the controller that lack it.
     */
    private List<Refusal> fixesAlreadyMerged(Selection selection, String vic) {
        VirtualControllerFactory factory = registry.factory(Role.VIRTUAL_CONTROLLER, vic, VirtualControllerFactory.class);
        Config config = selection.virtualControllerConfig().orElseGet(() -> registry.defaults(Role.VIRTUAL_CONTROLLER,
                vic));
        Set<String> merged = new TreeSet<>(factory.fixesMergedIn(config));
        merged.retainAll(selection.fixes());
        List<Refusal> refusals = new ArrayList<>();
        for (String fix : merged) {
            Object version = config.values().get(StackBuilder.VERSION_KEY);
            List<String> without = factory.schema().stream().filter(k -> k.name().equals(StackBuilder.VERSION_KEY))
                    .flatMap(k -> k.choices().stream()).filter(v -> {
                        Map<String, Object> values = new TreeMap<>(config.values());
                        values.put(StackBuilder.VERSION_KEY, v);
                        return !factory.fixesMergedIn(Config.of(values)).contains(fix);
                    }).toList();
            refusals.add(new Refusal("fix", "found '" + fix + "', which " + vic + " already has upstream in "
                    + (version == null ? "the configured kernel version" : StackBuilder.VERSION_KEY + " '" + version + "'")
                    + (selection.versionWritten() ? "" : " (the default)")
                    + ": the fix would change nothing; drop it from fix:"
                    + (without.isEmpty() ? "" : ", or set config.virtual-controller." + StackBuilder.VERSION_KEY
                            + " to a version without it; allowed: " + String.join(", ", without))));
        }
        return refusals;
    }

    /**
     * Refuses every register access with a name the controller does not have
     * ({@code Registers.names()}) — the loader could check only the spelling — in one exception that
     * lists each wrong name and the names of each controller concerned.
     */
    static void checkActions(Scenario s, Stack stack) {
        if (!accessesRegisters(s)) {
            return; // nothing to check, nothing made: every run of a scenario without register actions
        }
        List<String> wrong = new ArrayList<>();
        List<Refusal> located = new ArrayList<>();
        Map<String, String> allowed = new LinkedHashMap<>();
        for (int i = 0; i < s.actions().size(); i++) {
            Action a = s.actions().get(i);
            String register = register(a);
            if (register == null) {
                continue;
            }
            InterruptController ctl = stack.side(a.side()).controller();
            List<String> names = ctl.registers().names();
            if (!names.contains(register)) {
                wrong.add(ScenarioActions.key(i, a) + " (line " + a.location().line() + ", column "
                        + a.location().column() + "): found '" + register + "', not a register of " + ctl.name());
                allowed.putIfAbsent(ctl.name(), summarise(names));
                located.add(new Refusal(ScenarioActions.key(i, a), "found '" + register + "', not a register of "
                        + ctl.name() + "; allowed: " + allowed.get(ctl.name())));
            }
        }
        if (!wrong.isEmpty()) {
            StringBuilder message = new StringBuilder(String.join("; ", wrong));
            allowed.forEach((ctl, names) -> message.append("; allowed on ").append(ctl).append(": ").append(names));
            throw new AssemblyException(message.toString(), located);
        }
    }

    private static boolean accessesRegisters(Scenario s) {
        for (int i = 0; i < s.actions().size(); i++) {
            if (register(s.actions().get(i)) != null) {
                return true;
            }
        }
        return false;
    }

    /** The register {@code a} writes or reads, or null when it is no register access. */
    private static String register(Action a) {
        return a instanceof Action.RegisterWrite w ? w.register()
                : a instanceof Action.RegisterRead r ? r.register() : null;
    }

    /**
     * Register names with runs of numbered registers folded: {@code GICD_ISENABLER1..31} as
     * {@code GICD_ISENABLER<1..31>}; other names as they are, in the controller's order.
     */
    static String summarise(List<String> names) {
        Map<String, TreeSet<Integer>> numbered = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String name : names) {
            int cut = name.length();
            while (cut > 0 && Character.isDigit(name.charAt(cut - 1))) {
                cut--;
            }
            boolean number = cut < name.length() && cut > 0 && name.length() - cut <= 6
                    && !name.substring(0, cut).endsWith("_");
            String prefix = number ? name.substring(0, cut) : name;
            if (!numbered.containsKey(prefix)) {
                numbered.put(prefix, new TreeSet<>());
                order.add(prefix);
            }
            if (number) {
                numbered.get(prefix).add(Integer.parseInt(name.substring(cut)));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String prefix : order) {
            TreeSet<Integer> ns = numbered.get(prefix);
            if (ns.isEmpty()) {
                parts.add(prefix);
            } else if (ns.size() == 1) {
                parts.add(prefix + ns.first());
            } else if (ns.last() - ns.first() + 1 == ns.size()) {
                parts.add(prefix + "<" + ns.first() + ".." + ns.last() + ">");
            } else {
                ns.forEach(n -> parts.add(prefix + n));
            }
        }
        return String.join(", ", parts);
    }
}
