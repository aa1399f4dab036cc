package dev.irqlab.api.plugin;

import java.util.Map;
import java.util.Set;

/**
 * What a plugin declares about itself.
 *
 * @param provides      for each role, the names under which it binds that role's factories
 * @param architectures the architectures it models ("arm64", "x86"); empty = any
 * @param fixes         the fix option names it implements ("resample-on-unmask")
 * @param features      other abilities other plugins may require ("mask-notifiers", "hw-mapped")
 */
public record Capabilities(Map<Role, Set<String>> provides, Set<String> architectures, Set<String> fixes,
                           Set<String> features) {
    public Capabilities {
        provides = Map.copyOf(provides);
        architectures = Set.copyOf(architectures);
        fixes = Set.copyOf(fixes);
        features = Set.copyOf(features);
    }

    /** Names bound for one role (empty if none). */
    public Set<String> names(Role role) {
        return provides.getOrDefault(role, Set.of());
    }
}
