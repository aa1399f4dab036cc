package dev.irqlab.runtime.reference;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.FixInfo;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.DriverFlow;
import dev.irqlab.runtime.scenario.KeyDoc;
import dev.irqlab.runtime.scenario.ScenarioKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference of everything a scenario can say, built from the plugins' own declarations
 * ({@link dev.irqlab.api.plugin.ConfigKey}, {@link Configurable#summary()}, {@link FixInfo},
 * {@link MessageKey}) and the loader's key documentation ({@link ScenarioKeys}). {@code irqlab
 * describe} prints it as text and docs/scenario-reference.md is its Markdown rendering, so the two
 * cannot disagree.
 */
public final class Reference {

    /** Message keys the runtime itself emits. */
    public static final List<MessageKey> RUNTIME_MESSAGES = PluginRegistry.RUNTIME_MESSAGES;

    /** A factory: its role, name, plugin and self-description. */
    public record Factory(Role role, String name, String plugin, String summary, String source) {
    }

    /** A message key with the plugin (or "runtime") declaring it. */
    public record Message(MessageKey key, String plugin) {
    }

    /** A fix with the plugin implementing it. */
    public record Fix(FixInfo info, String plugin) {
    }

    private final PluginRegistry registry;
    private final List<KeyDoc> keys;
    private final List<Factory> factories = new ArrayList<>();
    private final List<Fix> fixes = new ArrayList<>();
    private final Map<String, Message> messages = new TreeMap<>();

    public Reference(PluginRegistry registry) {
        this.registry = registry;
        this.keys = ScenarioKeys.all(registry);
        for (Role role : Role.values()) {
            for (String name : registry.names(role)) {
                Configurable f = registry.factory(role, name, Configurable.class);
                factories.add(new Factory(role, name, registry.ownerOf(role, name).name(), f.summary(), f.source()));
            }
        }
        RUNTIME_MESSAGES.forEach(m -> messages.put(m.key(), new Message(m, "runtime")));
        for (IrqlabPlugin p : registry.plugins().values()) {
            Map<String, FixInfo> declared = new LinkedHashMap<>();
            p.fixInfo().forEach(f -> declared.put(f.name(), f));
            for (String fix : new java.util.TreeSet<>(p.capabilities().fixes())) {
                fixes.add(new Fix(declared.getOrDefault(fix, new FixInfo(fix, "", "", "")), p.name()));
            }
            for (MessageKey m : p.messages()) {
                messages.putIfAbsent(m.key(), new Message(m, p.name()));
            }
        }
    }

    public List<KeyDoc> keys() {
        return keys;
    }

    public List<Factory> factories() {
        return factories;
    }

    public List<Fix> fixes() {
        return fixes;
    }

    /** Every message key usable in {@code expect: messages.<key>}, sorted. */
    public List<Message> messages() {
        return List.copyOf(messages.values());
    }

    /** The plugin (or the scenario language) a key belongs to. */
    private String pluginOf(KeyDoc k) {
        if (k.owner().equals("scenario")) {
            return "scenario";
        }
        int space = k.owner().indexOf(' ');
        String label = k.owner().substring(0, space);
        Role role = Arrays.stream(Role.values()).filter(r -> r.label().equals(label)).findFirst().orElseThrow();
        return registry.ownerOf(role, k.owner().substring(space + 1)).name();
    }

    /** The names {@code describe} accepts: every plugin, and "scenario" for the language's own keys. */
    public List<String> subjects() {
        List<String> names = new ArrayList<>(List.of("scenario"));
        names.addAll(registry.plugins().keySet());
        return names;
    }

    /**
     * The reference as plain text (no escape codes), for one subject ({@link #subjects()}) or, when
     * empty, everything.
     */
    public String text(Optional<String> subject) {
        StringBuilder out = new StringBuilder();
        boolean all = subject.isEmpty();
        String only = subject.orElse("");
        if (all || !only.equals("scenario")) {
            out.append("PLUGINS\n");
            for (IrqlabPlugin p : registry.plugins().values()) {
                if (all || p.name().equals(only)) {
                    String arch = p.capabilities().architectures().isEmpty() ? "any architecture"
                            : String.join(", ", new java.util.TreeSet<>(p.capabilities().architectures()));
                    out.append("  ").append(p.name()).append(" (").append(arch).append(")").append(dash(p.summary()))
                            .append('\n');
                }
            }
            out.append("\nMODELS (by role)\n");
            for (Factory f : factories) {
                if (all || f.plugin().equals(only)) {
                    out.append("  ").append(f.role().label()).append(' ').append(f.name()).append(" [").append(f.plugin())
                            .append("]").append(dash(f.summary())).append('\n');
                    if (!f.source().isEmpty()) {
                        out.append("      source: ").append(f.source()).append('\n');
                    }
                }
            }
            out.append('\n');
        }
        out.append("KEYS (path  type  default  allowed)\n");
        for (KeyDoc k : keys) {
            if (all || pluginOf(k).equals(only)) {
                out.append("  ").append(k.path()).append("  ").append(k.type())
                        .append(k.unit().isEmpty() ? "" : " (" + k.unit() + ")").append("  default ")
                        .append(k.defaultValue()).append("  allowed: ").append(k.allowed()).append('\n');
                if (!k.owner().equals("scenario")) {
                    out.append("      for ").append(k.owner()).append('\n');
                }
                out.append("      ").append(k.models()).append('\n');
                if (!k.source().isEmpty()) {
                    out.append("      source: ").append(k.source()).append('\n');
                }
            }
        }
        if (all || only.equals("scenario")) {
            out.append("\nDRIVER FLOWS (devices[].driver.flow)\n");
            flows().forEach((name, what) -> out.append("  ").append(name).append(dash(what)).append('\n'));
            out.append("\nGUEST DRIVERS (devices[].driver: device models, flows)\n");
            for (String d : registry.names(Role.GUEST_DRIVER)) {
                out.append("  ").append(d).append(": models ").append(boundModels(d)).append("; flows ")
                        .append(boundFlows(d)).append('\n');
            }
            out.append("\nFORWARDING (devices[].forwarding, the VMM's wiring)\n");
            forwardings().forEach((name, what) -> out.append("  ").append(name).append(dash(what)).append('\n'));
        }
        List<Fix> shownFixes = fixes.stream().filter(f -> all || f.plugin().equals(only)).toList();
        if (!shownFixes.isEmpty()) {
            out.append("\nFIXES (fix:)\n");
            for (Fix f : shownFixes) {
                out.append("  ").append(f.info().name()).append(" [").append(f.plugin()).append("]")
                        .append(dash(f.info().summary())).append('\n');
                out.append("      upstream: ").append(orUnknown(f.info().upstream())).append('\n');
                if (!f.info().source().isEmpty()) {
                    out.append("      source: ").append(f.info().source()).append('\n');
                }
            }
        }
        List<Message> shownMessages = messages().stream().filter(m -> all || m.plugin().equals(only)).toList();
        if (!shownMessages.isEmpty()) {
            out.append("\nMESSAGE KEYS (expect: messages.<key>)\n");
            for (Message m : shownMessages) {
                out.append("  ").append(m.key().key()).append(" [").append(m.plugin()).append("]")
                        .append(dash(m.key().meaning())).append('\n');
                if (!m.key().source().isEmpty()) {
                    out.append("      source: ").append(m.key().source()).append('\n');
                }
            }
        }
        if (all || only.equals("scenario")) {
            out.append("\nMETRICS (expect:)\n");
            metrics().forEach((name, what) -> out.append("  ").append(name).append(dash(what)).append('\n'));
        }
        return out.toString();
    }

    private static String dash(String text) {
        return text.isEmpty() ? "" : " - " + text;
    }

    private static String orUnknown(String text) {
        return text.isEmpty() ? "(not declared by the plugin)" : text;
    }

    static Map<String, String> flows() {
        Map<String, String> m = new LinkedHashMap<>();
        for (DriverFlow f : DriverFlow.values()) {
            m.put(f.label(), switch (f) {
                case EDGE -> "request_irq with a primary handler on an edge irq (handle_edge_irq)";
                case LEVEL -> "request_irq with a primary handler on a level irq (handle_fasteoi_irq / handle_level_irq)";
                case ONESHOT_THREADED -> "request_threaded_irq(irq, NULL, thread, IRQF_ONESHOT): the line stays "
                        + "masked until the thread ends (irq_finalize_oneshot)";
            });
        }
        return m;
    }

    static Map<String, String> forwardings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Forwarding f : Forwarding.values()) {
            m.put(f.label(), switch (f) {
                case IRQFD_RESAMPLE -> "KVM_IRQFD with KVM_IRQFD_FLAG_RESAMPLE; the resamplefd is vfio's unmask "
                        + "eventfd (level irqs; QEMU vfio_start_irqfd_injection)";
                case IRQFD -> "plain KVM_IRQFD (edge irqs)";
                case HW_MAPPED -> "the virtual interrupt is linked to the physical one (kvm_vgic_map_phys_irq, "
                        + "irq_set_vcpu_affinity): the guest's deactivation reaches the GIC";
            });
        }
        return m;
    }

    static Map<String, String> metrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetricNames.DEVICE_EVENTS, "data events the devices raised");
        m.put(MetricNames.SERVED, "data events a driver consumed");
        m.put(MetricNames.LOST, "data events never consumed");
        m.put(MetricNames.DOUBLE_SERVED, "data events consumed twice");
        m.put(MetricNames.DELIVERED, "interrupts the guest's flow handler ran actions for");
        m.put(MetricNames.HANDLED, "handler runs that found an event to serve");
        m.put(MetricNames.SPURIOUS, "handler runs that found nothing");
        m.put(MetricNames.HOST_LAZY_DISABLE_HITS, "host interrupts caught by the lazy-disable branch of the flow handler");
        m.put(MetricNames.EXITS, "VM exits");
        m.put(MetricNames.EXIT_COST_NS, "time vCPUs spent in exits, ns");
        m.put("exits.<cause>", "exits by cause: " + String.join(", ", Arrays.stream(ExitCause.values())
                .map(ExitCause::label).toList()));
        m.put("handled.<driver>", "handled, per driver of the scenario");
        m.put("spurious.<driver>", "spurious, per driver of the scenario");
        m.put("messages.<key>", "kernel messages with that key (see MESSAGE KEYS)");
        m.put(MetricNames.NOTE_INTERRUPT + ".<" + String.join("|", MetricNames.NOTE_INTERRUPT_COUNTS) + ">",
                "the largest value the spurious detector's running count reached on any irq (kernel/irq/spurious.c "
                        + "note_interrupt: \"nobody cared\" when irq_count reaches 100000 with irqs_unhandled above "
                        + "99900); absent while it stayed 0");
        for (String latency : List.of(MetricNames.ASSERT_TO_HANDLER, MetricNames.ASSERT_TO_ACK)) {
            m.put(latency + ".<" + String.join("|", MetricNames.LATENCY_STATISTICS) + ">",
                    (latency.equals(MetricNames.ASSERT_TO_HANDLER) ? "device assert to the first guest handler"
                            : "device assert to the driver's acknowledge at the device") + ", ns or a duration");
        }
        m.put(MetricNames.DEVICE + ".<device>.<metric>", "one device's own counts and latencies, beside the totals: "
                + "`<metric>` is `device-events`, `served`, `lost`, `double-served`, `delivered` (on its guest irq), "
                + "`handled`, `spurious` (what its driver found), `host-lazy-disable-hits` (on its host irq) or "
                + "`latency.<assert-to-handler|assert-to-ack>.<statistic>`; an irq several devices share counts for "
                + "each of them");
        m.put(MetricNames.VCPU + ".<n>.<metric>", "one vCPU's exits (`n` from 0 to `platform.vcpus` - 1): `exits`, "
                + "`exits.<cause>`, `exit-cost-ns`");
        return m;
    }

    /** The whole reference as Markdown: docs/scenario-reference.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Scenario reference\n\n");
        md.append("Generated from the plugins' own declarations by `./irqlab describe --markdown`; do not edit by "
                + "hand (`ReferenceDocTest` fails when this file is stale). `./irqlab describe [PLUGIN]` prints the "
                + "same as text.\n\n");
        md.append("## Plugins\n\n| plugin | architectures | what it models |\n|---|---|---|\n");
        for (IrqlabPlugin p : registry.plugins().values()) {
            md.append(row(p.name(), p.capabilities().architectures().isEmpty() ? "any"
                    : String.join(", ", new java.util.TreeSet<>(p.capabilities().architectures())), p.summary()));
        }
        md.append("\n## Models by role\n\n| role | name | plugin | what it models | source |\n|---|---|---|---|---|\n");
        for (Factory f : factories) {
            md.append(row(f.role().label(), code(f.name()), f.plugin(), f.summary(), f.source()));
        }
        md.append("\n## Keys\n\n`[]` stands for each list item. Durations are written with a unit (")
                .append("`500us`, `2ms`).\n\n| path | for | type | unit | default | allowed | what it models | source |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        for (KeyDoc k : keys) {
            md.append(row(code(k.path()), k.owner(), k.type(), k.unit(), k.defaultValue(), k.allowed(), k.models(),
                    k.source()));
        }
        md.append("\n## Driver flows (`devices[].driver.flow`)\n\n| flow | what it is |\n|---|---|\n");
        flows().forEach((n, w) -> md.append(row(code(n), w)));
        md.append("\n## Guest drivers and the devices they bind to (`devices[].driver`)\n\n"
                + "| driver | device models | flows |\n|---|---|---|\n");
        for (String d : registry.names(Role.GUEST_DRIVER)) {
            md.append(row(code(d), boundModels(d), boundFlows(d)));
        }
        md.append("\n## Forwarding (`devices[].forwarding`, the VMM's wiring)\n\n| forwarding | what it is |\n|---|---|\n");
        forwardings().forEach((n, w) -> md.append(row(code(n), w)));
        md.append("\n## Fixes (`fix:`)\n\n| fix | plugin | what it changes | upstream | source |\n|---|---|---|---|---|\n");
        for (Fix f : fixes) {
            md.append(row(code(f.info().name()), f.plugin(), f.info().summary(), orUnknown(f.info().upstream()),
                    f.info().source()));
        }
        md.append("\n## Message keys (`expect: messages.<key>`)\n\n| key | declared by | when | source |\n|---|---|---|---|\n");
        for (Message m : messages()) {
            md.append(row(code(m.key().key()), m.plugin(), m.key().meaning(), m.key().source()));
        }
        md.append("\n## Metrics (`expect:`)\n\n| metric | what it counts |\n|---|---|\n");
        metrics().forEach((n, w) -> md.append(row(code(n), w)));
        return md.toString();
    }

    private String boundModels(String driver) {
        Set<String> models = registry.driverModels(driver);
        return models.isEmpty() ? "any" : String.join(", ", new java.util.TreeSet<>(models));
    }

    private String boundFlows(String driver) {
        List<String> flows = registry.driverFlows(driver);
        return flows.isEmpty() ? "any" : String.join(", ", flows);
    }

    private static String code(String s) {
        return "`" + s + "`";
    }

    private static String row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return b.append('\n').toString();
    }
}
