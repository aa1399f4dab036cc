package dev.irqlab.runtime.matrix;

import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.FixInfo;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.MatrixPreset;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.plugins.PluginException;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The matrix's axes, each taken from the plugins found, so that a plugin appears in {@code irqlab matrix}
 * with no edit elsewhere:
 * <ul>
 * <li>VMMs: every VMM factory's {@link VmmFactory#matrixPresets() presets}, the scenario default's
 *     ({@link Platform#DEFAULT_VMM}) first, then the others by name;</li>
 * <li>forwarders: every forwarder factory, the scenario default first, then the others by name;</li>
 * <li>controllers: each host controller a virtual controller runs on
 *     ({@link VirtualControllerFactory#matrixHosts()}), by host name, with the configuration it runs
 *     each variant at ({@link VirtualControllerFactory#matrixConfig});</li>
 * <li>variants: none, every fix a plugin declares ({@code Capabilities.fixes}) by name, except those that
 *     name upstream behaviour ({@link FixInfo#upstreamBehaviour()}), then every forwarding no trigger
 *     chooses by itself ({@link Forwarding#defaultFor}: hw-mapped);</li>
 * <li>guest flows: {@link GuestFlow}.</li>
 * </ul>
 * A VMM's rows exist only where it can run them: forwarders of platform devices only on a VMM that
 * assigns them ({@link VmmFactory#vfioPlatform()}), controllers only where the preset can build the
 * irqchip ({@link MatrixPreset#irqchips()}, else {@link VmmFactory#irqchips()}). Whatever else a row
 * combines is the runtime's answer when it runs (n/a with the reason).
 */
public final class MatrixAxes {

    /** A host controller and the virtual controller the hypervisor gives a VM on it. */
    record Pair(String controller, String virtualController) {
    }

    /** A VMM preset with what its rows need. */
    private record Vmm(MatrixVmm vmm, Set<String> irqchips, boolean vfioPlatform) {
    }

    private final PluginRegistry registry;
    private final List<Vmm> vmms;
    private final List<String> forwarders;
    private final List<Pair> pairs;
    private final List<Variant> variants;

    private MatrixAxes(PluginRegistry registry) {
        this.registry = registry;
        this.vmms = vmms(registry);
        this.forwarders = defaultFirst(registry.names(Role.FORWARDER), Platform.DEFAULT_FORWARDER);
        this.pairs = pairs(registry);
        this.variants = variants(registry);
    }

    /**
     * The axes of the plugins in {@code registry}.
     *
     * @throws PluginException if two virtual controllers claim the rows of one host controller
     */
    public static MatrixAxes of(PluginRegistry registry) {
        return new MatrixAxes(registry);
    }

    /** The VMM presets, the scenario default's first. */
    public List<MatrixVmm> vmms() {
        return vmms.stream().map(Vmm::vmm).toList();
    }

    /** The forwarders, the scenario default first (its rows are the matrix's first table). */
    public List<String> forwarders() {
        return forwarders;
    }

    /** The host controllers, in table order. */
    public List<String> controllers() {
        return pairs.stream().map(Pair::controller).toList();
    }

    /** The variants, in table order. */
    public List<Variant> variants() {
        return variants;
    }

    /** Every row: {@link #rows(Predicate)} of every VMM preset. */
    public List<MatrixRow> rows() {
        return rows(v -> true);
    }

    /**
     * The rows of the VMM presets {@code vmms} accepts: VMM-major, then forwarder, controller, variant,
     * flow, each in its axis's order.
     */
    public List<MatrixRow> rows(Predicate<MatrixVmm> vmmFilter) {
        List<MatrixRow> rows = new ArrayList<>();
        for (Vmm v : vmms) {
            if (!vmmFilter.test(v.vmm())) {
                continue;
            }
            for (String fwd : forwarders) {
                if (!v.vfioPlatform() && registry.factory(Role.FORWARDER, fwd, ForwarderFactory.class).deviceFlags()
                        != Vfio.DEVICE_FLAGS_PCI) {
                    continue;
                }
                for (Pair p : pairs) {
                    if (!v.irqchips().isEmpty() && !v.irqchips().contains(p.virtualController())) {
                        continue;
                    }
                    VirtualControllerFactory vic = registry.factory(Role.VIRTUAL_CONTROLLER, p.virtualController(),
                            VirtualControllerFactory.class);
                    for (Variant variant : variants) {
                        Map<String, String> config = vic.matrixConfig(variant.fixName());
                        for (GuestFlow f : GuestFlow.values()) {
                            rows.add(new MatrixRow(v.vmm(), fwd, p.controller(), p.virtualController(), config,
                                    variant, f));
                        }
                    }
                }
            }
        }
        return List.copyOf(rows);
    }

    private static List<Vmm> vmms(PluginRegistry registry) {
        List<Vmm> out = new ArrayList<>();
        for (String name : defaultFirst(registry.names(Role.VMM), Platform.DEFAULT_VMM)) {
            VmmFactory f = registry.factory(Role.VMM, name, VmmFactory.class);
            Set<String> presets = new HashSet<>();
            for (MatrixPreset p : f.matrixPresets()) {
                if (!presets.add(p.name())) {
                    throw new PluginException("VMM " + name + " declares matrix preset '" + p.name() + "' twice");
                }
                Set<String> irqchips = new TreeSet<>(p.irqchips().isEmpty() ? f.irqchips() : p.irqchips());
                out.add(new Vmm(new MatrixVmm(name, p.name(), p.config(), f.unmaskEventfd()), irqchips,
                        f.vfioPlatform()));
            }
        }
        return List.copyOf(out);
    }

    private static List<Pair> pairs(PluginRegistry registry) {
        Map<String, String> vicOfHost = new TreeMap<>();
        Set<String> hosts = registry.names(Role.PHYSICAL_CONTROLLER);
        for (String vic : registry.names(Role.VIRTUAL_CONTROLLER)) {
            for (String host : registry.factory(Role.VIRTUAL_CONTROLLER, vic, VirtualControllerFactory.class)
                    .matrixHosts()) {
                if (!hosts.contains(host)) {
                    continue; // its host's plugin is not on the class path
                }
                String other = vicOfHost.putIfAbsent(host, vic);
                if (other != null) {
                    throw new PluginException("virtual controllers " + other + " and " + vic
                            + " both claim the matrix rows of host controller " + host + " (matrixHosts)");
                }
            }
        }
        List<Pair> out = new ArrayList<>();
        vicOfHost.forEach((host, vic) -> out.add(new Pair(host, vic)));
        return List.copyOf(out);
    }

    private static List<Variant> variants(PluginRegistry registry) {
        Set<String> upstream = new HashSet<>();
        registry.plugins().values().forEach(p -> p.fixInfo().stream().filter(FixInfo::upstreamBehaviour)
                .forEach(i -> upstream.add(i.name())));
        List<Variant> out = new ArrayList<>();
        out.add(Variant.NONE);
        registry.fixes().stream().filter(f -> !upstream.contains(f)).sorted().map(Variant::fix).forEach(out::add);
        Set<Forwarding> chosenByTriggers = new HashSet<>();
        Arrays.stream(Trigger.values()).forEach(t -> chosenByTriggers.add(Forwarding.defaultFor(t)));
        Arrays.stream(Forwarding.values()).filter(f -> !chosenByTriggers.contains(f)).map(Variant::forwarding)
                .forEach(out::add);
        return Collections.unmodifiableList(out);
    }

    /** {@code names} with {@code first} at the head when present, then the others in name order. */
    private static List<String> defaultFirst(Set<String> names, String first) {
        List<String> out = new ArrayList<>();
        if (names.contains(first)) {
            out.add(first);
        }
        new TreeSet<>(names).stream().filter(n -> !n.equals(first)).forEach(out::add);
        return List.copyOf(out);
    }
}
