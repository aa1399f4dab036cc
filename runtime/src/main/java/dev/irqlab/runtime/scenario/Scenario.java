package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fully resolved scenario: every default filled in, every plugin name checked against the
 * catalog, every configuration typed (durations in nanoseconds) with every schema key present.
 *
 * @param source       the source name the loader was given
 * @param description  empty when not written
 * @param fixes        the selected fixes; empty for {@code none}
 * @param config       the configuration per single-valued role; {@link Role#VIRTUAL_CONTROLLER} is
 *                     absent when the platform leaves the virtual controller to the runtime
 * @param kernels      the configuration of each kernel, {@link #HOST_KERNEL} and {@link #GUEST_KERNEL}:
 *                     {@code config.kernel} (both) overridden key by key by {@code config.host-kernel}
 *                     / {@code config.guest-kernel}; empty when the kernel factory is unknown
 * @param actions      the {@code actions:} list in file order; empty when not written
 * @param expectations in file order
 * @param locations    where each key path is written (for problems found after loading)
 */
public record Scenario(String source, String name, String description, long seed, Run run, Platform platform,
                       Set<String> fixes, Map<Role, Config> config, Map<String, Config> kernels,
                       List<DeviceSpec> devices,
                       Optional<Suspend> suspend, Vmm vmm, List<Action> actions,
                       List<Expectation> expectations, Map<String, Location> locations) {
    public static final long DEFAULT_SEED = 1;
    /** The {@link #kernels} key of the host kernel ({@code config.host-kernel}). */
    public static final String HOST_KERNEL = "host";
    /** The {@link #kernels} key of the guest kernel ({@code config.guest-kernel}). */
    public static final String GUEST_KERNEL = "guest";

    /** A scenario without key locations (built in code, not read from a file). */
    public Scenario(String source, String name, String description, long seed, Run run, Platform platform,
                    Set<String> fixes, Map<Role, Config> config, Map<String, Config> kernels,
                    List<DeviceSpec> devices, Optional<Suspend> suspend, Vmm vmm, List<Action> actions,
                    List<Expectation> expectations) {
        this(source, name, description, seed, run, platform, fixes, config, kernels, devices, suspend, vmm, actions,
                expectations, Map.of());
    }

    public Scenario {
        locations = Map.copyOf(locations);
        fixes = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(fixes)); // sorted: stable messages
        config = Map.copyOf(config);
        kernels = Map.copyOf(kernels);
        devices = List.copyOf(devices);
        actions = List.copyOf(actions);
        expectations = List.copyOf(expectations);
    }

    /** The configuration of the host or the guest kernel ({@link #HOST_KERNEL}, {@link #GUEST_KERNEL}). */
    public Optional<Config> kernelConfig(String side) {
        return Optional.ofNullable(kernels.get(side));
    }

    /**
     * Where the scenario writes a key path ({@code devices[0].interrupt.line}), or the nearest written
     * key above it ({@code devices[0]}, {@code platform}); the file's start when none is known.
     */
    public Location locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Location at = locations.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return new Location(source, 1, 1);
    }

    /** This scenario with other devices (the same number, in the same order: the key locations stay right). */
    public Scenario withDevices(List<DeviceSpec> newDevices) {
        if (newDevices.size() != devices.size()) {
            throw new IllegalArgumentException("devices " + devices.size() + ", replacements " + newDevices.size());
        }
        return new Scenario(source, name, description, seed, run, platform, fixes, config, kernels, newDevices, suspend,
                vmm, actions, expectations, locations);
    }

    /** The configuration of a single-valued role, if the scenario chose its factory. */
    public Optional<Config> config(Role role) {
        return Optional.ofNullable(config.get(role));
    }
}
