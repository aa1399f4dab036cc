package dev.irqlab.cli;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.kvmlive.host.HostKvm;
import dev.irqlab.kvmlive.live.LiveBackend;
import dev.irqlab.kvmlive.live.LiveResult;
import dev.irqlab.kvmlive.sys.KvmDevice;
import dev.irqlab.runtime.assembly.AssemblyException;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.DriverFlow;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code irqlab diff SCENARIO}: an x86 scenario on the model and on this machine's KVM (kvm-live),
 * the model set to the host's kernel version and KVM flavour.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Run an x86 scenario on the model and on this machine's KVM (/dev/kvm) and compare.",
                "The model is set to the live host's kernel version and KVM flavour, overriding the scenario's preset.",
                "Exit status: 0 agreement, 1 divergence, 2 bad input (not an x86 scenario, not expressible live, no KVM)."})
final class DiffCommand implements Callable<Integer> {

    static final int LIVE_VECTOR = 0x30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "SCENARIO", description = "the scenario file (YAML)")
    Path scenario;

    @CommandLine.Mixin
    OverrideOptions set = new OverrideOptions();

    @Option(names = "--json", paramLabel = "FILE", description = "write the comparison (JSON), with the host's kernel and KVM flavour")
    Path json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PluginRegistry registry = Registries.discover(spec);
        Scenario s = Scenarios.load(spec, scenario.toString(), set.overrides, registry);
        if (s == null) {
            return ExitCodes.BAD_INPUT;
        }
        List<String> why = inexpressible(s);
        if (!why.isEmpty()) {
            why.forEach(w -> err.println(s.source() + ": kvm-live cannot express it: " + w));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        Optional<String> noKvm = KvmDevice.unavailableReason();
        if (noKvm.isPresent()) {
            err.println("irqlab diff: " + noKvm.get());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        HostKvm host = HostKvm.detect();
        Scenario model = forHost(s, host, out);
        ScenarioRunner runner = new ScenarioRunner(registry);
        if (Scenarios.validate(spec, runner, model) == null) {
            return ExitCodes.BAD_INPUT;
        }
        RunOutcome m;
        ModelRounds rounds = new ModelRounds();
        try {
            m = runner.run(model, rounds);
        } catch (AssemblyException e) {
            err.println(s.source() + ": " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        DeviceSpec d = s.devices().get(0);
        int events = (int) m.metrics().deviceEvents();
        LiveResult live;
        try (KvmDevice kvm = KvmDevice.open()) {
            live = LiveBackend.run(kvm, new LiveBackend.Setup(d.guestPin(), LIVE_VECTOR,
                    d.driver().flow() == DriverFlow.ONESHOT_THREADED, events));
        }
        Map<String, long[]> rows = new LinkedHashMap<>();
        rows.put("device-events", new long[] {m.metrics().deviceEvents(), live.deviceEvents()});
        rows.put("served", new long[] {m.metrics().served(),
            live.steps().stream().filter(st -> st.note().contains("device serviced")).count()});
        rows.put("delivered", new long[] {m.metrics().delivered(), live.interrupts()});
        rows.put("spurious", new long[] {m.metrics().spurious(), live.spurious()});
        String divergence = null;
        List<List<String>> liveRounds = liveRounds(live);
        for (int k = 0; k < Math.max(rounds.rounds.size(), liveRounds.size()) && divergence == null; k++) {
            List<String> mr = k < rounds.rounds.size() ? rounds.rounds.get(k) : List.of();
            List<String> lr = k < liveRounds.size() ? liveRounds.get(k) : List.of();
            if (!mr.equals(lr)) {
                divergence = "device event " + (k + 1);
                out.println("first divergence at device event " + (k + 1) + ": guest interrupts model " + mr + ", kvm-live " + lr);
                out.println("  model, KVM IO-APIC state changes during it:");
                rounds.states.get(k).forEach(st -> out.println("    " + st));
                out.println("  kvm-live, per guest step (device event, interrupt, step, state):");
                final int round = k + 1;
                live.steps().stream().filter(st -> st.round() == round).forEach(st -> out.println("    " + st));
            }
        }
        out.printf("aligned per device event: %d of %d agree (guest interrupts taken, each served or spurious)%n",
                countAgreeing(rounds.rounds, liveRounds), Math.max(rounds.rounds.size(), liveRounds.size()));
        out.printf("%-16s %8s %8s%n", "observable", "model", "kvm-live");
        for (Map.Entry<String, long[]> r : rows.entrySet()) {
            boolean same = r.getValue()[0] == r.getValue()[1];
            out.printf("%-16s %8d %8d%s%n", r.getKey(), r.getValue()[0], r.getValue()[1], same ? "" : "   <- differs");
            if (!same && divergence == null) {
                divergence = r.getKey();
            }
        }
        out.println("kvm-live vCPU statistics (KVM_GET_STATS_FD, not comparable with the model's exits on "
                + host.flavour().module() + "): " + new TreeMap<>(live.stats()) + ", of which idle-loop exits "
                + live.idleExits() + " and marker exits " + live.markerExits());
        if (divergence == null) {
            out.println("agreement: " + s.name() + " on the model and on " + host.describe());
        } else {
            out.println("divergence at " + divergence);
        }
        out.flush();
        if (json != null) {
            writeJson(s, host, rows, divergence, live);
        }
        return divergence == null ? ExitCodes.OK : ExitCodes.EXPECTATIONS_NOT_MET;
    }

    /** Per device event, the guest interrupts the model's driver took: "served" or "spurious"; and the KVM IO-APIC's changes. */
    static final class ModelRounds implements Trace {
        final List<List<String>> rounds = new ArrayList<>();
        final List<List<String>> states = new ArrayList<>();

        @Override
        public void emit(TraceEvent e) {
            if (e instanceof TraceEvent.DeviceAsserted a && a.event() > rounds.size()) {
                rounds.add(new ArrayList<>());
                states.add(new ArrayList<>());
            } else if (e instanceof TraceEvent.DriverOutcome d && !rounds.isEmpty()) {
                rounds.get(rounds.size() - 1).add(d.spurious() ? "spurious" : "served");
            } else if (e instanceof TraceEvent.StateChanged c && !states.isEmpty() && c.component().endsWith("kvm-ioapic")) {
                states.get(states.size() - 1).add(String.format("%10d ns %s %s %s->%s (%s)", c.time(), c.subject(), c.field(),
                        c.from(), c.to(), c.cause()));
            }
        }
    }

    /** Per device event, the guest interrupts kvm-live took: "served" when the guest serviced the device in it. */
    static List<List<String>> liveRounds(LiveResult live) {
        List<List<String>> out = new ArrayList<>();
        Map<Integer, String> byIrq = new LinkedHashMap<>();
        Map<Integer, Integer> roundOf = new LinkedHashMap<>();
        for (var st : live.steps()) {
            roundOf.putIfAbsent(st.irq(), st.round());
            byIrq.merge(st.irq(), st.note().contains("device serviced") ? "served" : "spurious",
                    (a, b) -> a.equals("served") || b.equals("served") ? "served" : "spurious");
        }
        for (int r = 1; r <= live.deviceEvents(); r++) {
            out.add(new ArrayList<>());
        }
        byIrq.forEach((irq, what) -> out.get(roundOf.get(irq) - 1).add(what));
        return out;
    }

    private static int countAgreeing(List<List<String>> a, List<List<String>> b) {
        int n = 0;
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            n += a.get(k).equals(b.get(k)) ? 1 : 0;
        }
        return n;
    }

    /** Why the live backend cannot run this scenario; empty when it can. */
    static List<String> inexpressible(Scenario s) {
        List<String> why = new ArrayList<>();
        if (!s.platform().virtualController().map("kvm-ioapic"::equals).orElse(s.platform().controller().equals("ioapic"))) {
            why.add("not an x86 scenario (virtual controller " + s.platform().virtualController().orElse("?") + ")");
            return why;
        }
        if (s.devices().size() != 1) {
            why.add(s.devices().size() + " devices; the live guest serves one");
        }
        for (DeviceSpec d : s.devices()) {
            if (!d.trigger().isLevel()) {
                why.add("device " + d.name() + " is edge-triggered; the live device is a level one behind vfio INTx");
            }
            if (d.driver().flow() == DriverFlow.EDGE) {
                why.add("driver flow edge");
            }
            if (d.forwarding() != Forwarding.IRQFD_RESAMPLE) {
                why.add("forwarding " + d.forwarding() + "; kvm-live forwards with irqfd + resamplefd");
            }
            if (!(d.workload() instanceof Workload.Periodic) && !(d.workload() instanceof Workload.AtTimes)) {
                why.add("device " + d.name() + " has no workload");
            }
        }
        for (String f : s.fixes()) {
            if (!f.equals("resample-on-unmask")) {
                why.add("fix '" + f + "' is not in the live kernel (only upstream behaviour runs there)");
            }
        }
        if (!s.actions().isEmpty()) {
            why.add("scenario actions (register pokes at given times) have no live counterpart");
        }
        if (s.suspend().isPresent()) {
            why.add("system suspend");
        }
        Config vmm = s.config(Role.VMM).orElse(Config.of(Map.of()));
        if (Boolean.TRUE.equals(vmm.values().get("force-unmask-at-start"))) {
            why.add("vmm.force-unmask-at-start");
        }
        if (Boolean.FALSE.equals(vmm.values().get("irqfd"))) {
            why.add("vmm.irqfd: false (user-space injection); kvm-live forwards with KVM_IRQFD");
        }
        return why;
    }

    /** The scenario with the model set to the host's kernel and KVM flavour, saying what it overrides. */
    static Scenario forHost(Scenario s, HostKvm host, PrintWriter out) {
        Config vc = s.config(Role.VIRTUAL_CONTROLLER).orElseThrow(() -> new IllegalStateException("no virtual controller config"));
        Map<String, Object> values = new TreeMap<>(vc.values());
        String version = kvmIoApicVersion(host);
        String flavour = host.flavour().eoiAtDelivery() ? "pvm" : "mainline";
        out.printf("model set to the live host: %s -> kvm-version %s, kvm-flavour %s (scenario preset: kvm-version %s,"
                + " kvm-flavour %s, fixes %s -> none)%n", host.describe(), version, flavour, values.get("kvm-version"),
                values.getOrDefault("kvm-flavour", "mainline"), s.fixes().isEmpty() ? "none" : s.fixes());
        values.put("kvm-version", version);
        values.put("kvm-flavour", flavour);
        Map<Role, Config> config = new EnumMap<>(Role.class);
        config.putAll(s.config());
        config.put(Role.VIRTUAL_CONTROLLER, Config.of(values));
        return new Scenario(s.source(), s.name(), s.description(), s.seed(), s.run(), s.platform(), Set.of(), config,
                s.kernels(), s.devices(), s.suspend(), s.vmm(), s.actions(), List.of());
    }

    /**
     * kvm-ioapic's preset for the host's kernel: linux-6.2 before fef8f2b90edb (6.3), linux-6.3 for 6.3
     * to 6.14, linux-6.15 from 6.15 ({@code highest_stale_pending_ioapic_eoi}), the newest modelled, so
     * also for a newer host such as 6.18.
     */
    static String kvmIoApicVersion(HostKvm host) {
        if (host.rescansStaleIoapicEoi()) {
            return "linux-6.15";
        }
        return host.resampleOnUnmask() ? "linux-6.3" : "linux-6.2";
    }

    private void writeJson(Scenario s, HostKvm host, Map<String, long[]> rows, String divergence, LiveResult live)
            throws IOException {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"scenario\": ").append(q(s.source())).append(",\n");
        b.append("  \"host\": {\"kernel\": ").append(q(host.kernelRelease())).append(", \"kvm-flavour\": ")
                .append(q(host.flavour().module())).append("},\n");
        b.append("  \"agreement\": ").append(divergence == null).append(",\n");
        b.append("  \"first-divergence\": ").append(divergence == null ? "null" : q(divergence)).append(",\n");
        b.append("  \"observables\": {");
        String sep = "";
        for (Map.Entry<String, long[]> r : rows.entrySet()) {
            b.append(sep).append("\n    ").append(q(r.getKey())).append(": {\"model\": ").append(r.getValue()[0])
                    .append(", \"kvm-live\": ").append(r.getValue()[1]).append('}');
            sep = ",";
        }
        b.append("\n  },\n  \"kvm-live-stats\": {");
        sep = "";
        for (Map.Entry<String, Long> e : new TreeMap<>(live.stats()).entrySet()) {
            b.append(sep).append(q(e.getKey())).append(": ").append(e.getValue());
            sep = ", ";
        }
        b.append("}\n}\n");
        Files.writeString(json, b.toString(), StandardCharsets.UTF_8);
    }

    private static String q(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
