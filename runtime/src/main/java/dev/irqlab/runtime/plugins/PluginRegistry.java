package dev.irqlab.runtime.plugins;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.plugin.FactoryBindings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The plugins on the class path, found with {@link ServiceLoader} and checked; each plugin's Guice
 * module is assembled into an injector of its own, which binds its factories by name
 * ({@link FactoryBindings}), the first time one of its factories is asked for.
 *
 * <p>Start-up fails with a {@link PluginException} on: no plugin at all, two plugins with one name
 * (both class names given), an SPI version other than {@link Spi#VERSION}, an entry point that is not
 * a Guice module, and two plugins declaring the same factory name in one role. A plugin whose module
 * cannot be assembled, or whose declared capabilities differ from what it binds, fails with a
 * {@link PluginException} when it is first used ({@link #factory}, {@link #schema}, ...), or at once
 * for all of them with {@link #assembleAll()}. As in Trino's {@code PluginManager}, the registry is the
 * composition root: nothing else calls {@code getInstance}.
 *
 * <p>Why an injector per plugin, built on first use: a command starts in a fresh JVM, and Guice's
 * assembly of a module (its reflection over the module and the classes it binds) is the largest part
 * of a short command's start-up; a scenario uses about half of the plugins. A plugin's
 * module binds only its own component graph and role factories (docs/architecture.md), so it needs no
 * other plugin's bindings. Several threads (the parallel explorer) may ask at once: each plugin is
 * assembled once.
 */
public final class PluginRegistry implements PluginCatalog {

    /** Message keys the runtime itself emits (a failed probe, a scenario action). */
    public static final List<MessageKey> RUNTIME_MESSAGES = List.of(
            new MessageKey("driver.probe_failed", "a guest driver's probe returned an error when the VM started",
                    "drivers/base/dd.c: really_probe"),
            new MessageKey("scenario.action", "one of the scenario's actions: ran, with its result", ""));

    private final Map<String, IrqlabPlugin> plugins;
    private final Map<Role, Map<String, String>> owner;
    /** Each assembled plugin's factories by role and name, by plugin name. */
    private final Map<String, Map<Role, Map<String, Configurable>>> assembled = new ConcurrentHashMap<>();
    /**
     * Each factory {@link #factory} found, by role and name: a run asks for a dozen, each found once
     * through its owner's name and the owner's assembled factories.
     */
    private final Map<Role, Map<String, Configurable>> factories = new ConcurrentHashMap<>();
    /** {@link #defaults}, by role and factory name, each made once. */
    private final Map<Role, Map<String, Config>> defaults = new ConcurrentHashMap<>();

    private PluginRegistry(List<IrqlabPlugin> found) {
        List<String> problems = new ArrayList<>();
        if (found.isEmpty()) {
            throw new PluginException("no irqlab plugin on the class path (looked for "
                    + IrqlabPlugin.class.getName() + " service entries)");
        }
        Map<String, IrqlabPlugin> byName = new TreeMap<>();
        for (IrqlabPlugin p : found) {
            IrqlabPlugin earlier = byName.putIfAbsent(p.name(), p);
            if (earlier != null) {
                problems.add("two plugins are named '" + p.name() + "': " + earlier.getClass().getName() + " and "
                        + p.getClass().getName());
            }
            if (p.spiVersion() != Spi.VERSION) {
                problems.add("plugin '" + p.name() + "' (" + p.getClass().getName() + ") was built for SPI version "
                        + p.spiVersion() + ", this runtime speaks version " + Spi.VERSION);
            }
            if (!p.capabilities().names(Role.VMM).isEmpty() && !p.capabilities().fixes().isEmpty()) {
                problems.add("plugin '" + p.name() + "' provides a VMM and declares fixes " + new TreeSet<>(
                        p.capabilities().fixes()) + "; a VMM's choices are its configuration (the scenario's vmm: "
                        + "section), fixes are changes to the modelled kernel");
            }
            if (!(p instanceof Module)) {
                problems.add("plugin '" + p.name() + "' (" + p.getClass().getName()
                        + ") is not a Guice module; its entry point must extend com.google.inject.AbstractModule");
            }
        }
        Map<Role, Map<String, String>> owners = new EnumMap<>(Role.class);
        for (IrqlabPlugin p : byName.values()) {
            for (Role role : Role.values()) {
                for (String n : p.capabilities().names(role)) {
                    String other = owners.computeIfAbsent(role, r -> new TreeMap<>()).putIfAbsent(n, p.name());
                    if (other != null) {
                        problems.add("plugins '" + other + "' and '" + p.name() + "' both provide the "
                                + role.label() + " '" + n + "'");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(problems);
        }
        this.plugins = Collections.unmodifiableMap(byName);
        this.owner = owners;
    }

    /** The plugins the given class loader can see. */
    public static PluginRegistry discover(ClassLoader loader) {
        List<IrqlabPlugin> found = new ArrayList<>();
        try {
            ServiceLoader.load(IrqlabPlugin.class, loader).forEach(found::add);
        } catch (java.util.ServiceConfigurationError e) {
            throw new PluginException("a plugin could not be loaded: " + e.getMessage());
        }
        return new PluginRegistry(found);
    }

    /** The plugins found by the runtime's own class loader. */
    public static PluginRegistry discover() {
        return discover(PluginRegistry.class.getClassLoader());
    }

    /** A registry over an explicit list (tests). */
    public static PluginRegistry of(List<IrqlabPlugin> plugins) {
        return new PluginRegistry(plugins);
    }

    /**
     * Assembles every plugin that is not yet (what {@code irqlab plugins} and the tests that check the
     * whole class path use).
     *
     * @throws PluginException with the reasons of every plugin that cannot be assembled
     */
    public void assembleAll() {
        List<String> problems = new ArrayList<>();
        for (IrqlabPlugin p : plugins.values()) {
            try {
                assembled(p);
            } catch (PluginException e) {
                problems.addAll(e.reasons());
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginException(problems);
        }
    }

    /** The factories {@code p} binds, by role and name; its injector is built on the first call. */
    private Map<Role, Map<String, Configurable>> assembled(IrqlabPlugin p) {
        return assembled.computeIfAbsent(p.name(), n -> assemble(p));
    }

    /** One plugin's injector, of its module alone; its factories must be those it declares. */
    private static Map<Role, Map<String, Configurable>> assemble(IrqlabPlugin p) {
        Injector injector;
        try {
            injector = Guice.createInjector((Module) p);
        } catch (CreationException e) {
            throw new PluginException("plugin '" + p.name() + "': its Guice module could not be assembled: "
                    + e.getMessage());
        }
        Map<Role, Map<String, Configurable>> out = new EnumMap<>(Role.class);
        List<String> problems = new ArrayList<>();
        for (Role role : Role.values()) {
            Map<String, Configurable> bound = Collections.unmodifiableMap(
                    FactoryBindings.factories(injector, role.factoryType()));
            Set<String> declared = p.capabilities().names(role);
            if (!declared.equals(bound.keySet())) {
                problems.add("plugin '" + p.name() + "': the " + role.label() + " factories it binds "
                        + new TreeSet<>(bound.keySet()) + " differ from those it declares " + new TreeSet<>(declared));
            }
            out.put(role, bound);
        }
        if (!problems.isEmpty()) {
            throw new PluginException(problems);
        }
        return out;
    }

    /** Every plugin by name. */
    public Map<String, IrqlabPlugin> plugins() {
        return plugins;
    }

    @Override
    public Set<String> names(Role role) {
        return Collections.unmodifiableSet(owner.getOrDefault(role, Map.of()).keySet());
    }

    @Override
    public List<ConfigKey> schema(Role role, String name) {
        return factory(role, name, Configurable.class).schema();
    }

    /**
     * The configuration of factory {@code name}'s schema defaults ({@link Config#defaults}), for a role
     * a scenario leaves out: made once, the same object every time, so that a run does not build it
     * and a factory's {@code ParsedConfigs} parses it once.
     */
    public Config defaults(Role role, String name) {
        Map<String, Config> byName = defaults.computeIfAbsent(role, r -> new ConcurrentHashMap<>());
        Config c = byName.get(name);
        if (c == null) {
            c = Config.defaults(schema(role, name));
            Config earlier = byName.putIfAbsent(name, c);
            c = earlier != null ? earlier : c;
        }
        return c;
    }

    /** Every message key the runtime or a plugin declares (what {@code expect: messages.<key>} may count). */
    @Override
    public Optional<Set<String>> messageKeys() {
        Set<String> keys = new TreeSet<>();
        RUNTIME_MESSAGES.forEach(m -> keys.add(m.key()));
        plugins.values().forEach(p -> p.messages().forEach(m -> keys.add(m.key())));
        return Optional.of(Collections.unmodifiableSet(keys));
    }

    @Override
    public Set<String> driverModels(String driver) {
        return factory(Role.GUEST_DRIVER, driver, GuestDriverFactory.class).models();
    }

    @Override
    public List<String> driverFlows(String driver) {
        return factory(Role.GUEST_DRIVER, driver, GuestDriverFactory.class).flows();
    }

    @Override
    public Set<String> fixes() {
        return plugins.values().stream().flatMap(p -> p.capabilities().fixes().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The factory bound under {@code name} for {@code role}.
     *
     * @throws PluginException naming the known names when there is none, or when the plugin that
     *         declares it cannot be assembled
     */
    public <T> T factory(Role role, String name, Class<T> type) {
        Map<String, Configurable> byName = factories.get(role);
        Configurable f = byName != null ? byName.get(name) : null;
        if (f == null) {
            f = assembled(ownerOf(role, name)).get(role).get(name);
            if (f != null) {
                factories.computeIfAbsent(role, r -> new ConcurrentHashMap<>()).putIfAbsent(name, f);
            }
        }
        return type.cast(f);
    }

    /** The plugin that provides {@code name} in {@code role}. */
    public IrqlabPlugin ownerOf(Role role, String name) {
        String p = owner.getOrDefault(role, Map.of()).get(name);
        if (p == null) {
            throw new PluginException("no " + role.label() + " named '" + name + "'; known: "
                    + String.join(", ", names(role)));
        }
        return plugins.get(p);
    }

    /**
     * Checks that the chosen plugins can serve the combination: every selected fix is implemented by
     * a chosen plugin of the modelled system (the VMM's choices are its configuration, never fixes),
     * and no chosen plugin, the VMM's included, refuses.
     *
     * @throws PluginException with every reason, and each as a {@link Refusal} with the scenario key it
     *         concerns ({@link PluginException#refusals()})
     */
    public void check(Combination c) {
        Map<String, IrqlabPlugin> chosen = new LinkedHashMap<>();
        c.chosen().forEach((role, name) -> {
            if (role != Role.VMM) {
                chosen.putIfAbsent(ownerOf(role, name).name(), ownerOf(role, name));
            }
        });
        c.devices().forEach(d -> chosen.putIfAbsent(ownerOf(Role.DEVICE, d).name(), ownerOf(Role.DEVICE, d)));
        c.drivers().forEach(d -> chosen.putIfAbsent(ownerOf(Role.GUEST_DRIVER, d).name(),
                ownerOf(Role.GUEST_DRIVER, d)));
        List<String> reasons = new ArrayList<>();
        for (String fix : new TreeSet<>(c.fixes())) {
            boolean served = chosen.values().stream().anyMatch(p -> p.capabilities().fixes().contains(fix));
            if (!served) {
                List<String> by = plugins.values().stream().filter(p -> p.capabilities().fixes().contains(fix))
                        .map(IrqlabPlugin::name).sorted().toList();
                reasons.add("fix '" + fix + "' is not implemented by any chosen plugin (" + String.join(", ",
                        chosen.keySet()) + ")" + (by.isEmpty() ? "; no plugin implements it"
                        : "; it exists for: " + String.join(", ", by)));
            }
        }
        List<Refusal> refusals = new ArrayList<>();
        reasons.forEach(r -> refusals.add(new Refusal("fix", r)));
        Map<String, IrqlabPlugin> asked = new LinkedHashMap<>(chosen);
        Optional.ofNullable(c.chosen().get(Role.VMM)).map(v -> ownerOf(Role.VMM, v))
                .ifPresent(p -> asked.putIfAbsent(p.name(), p));
        for (IrqlabPlugin p : asked.values()) {
            refusals.addAll(p.refusalsAt(c));
        }
        if (!refusals.isEmpty()) {
            throw new PluginException(refusals.stream().map(r -> r.message()).toList(), refusals);
        }
    }
}
