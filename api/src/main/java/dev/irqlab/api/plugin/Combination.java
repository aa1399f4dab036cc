package dev.irqlab.api.plugin;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The choice a scenario makes: the factory name per role (single-valued roles), the device and
 * driver names, the architecture of the chosen controllers, the selected fixes and the features the
 * chosen plugins declare. Iteration is in a fixed order (roles in declaration order, names sorted),
 * so messages built from it are the same on every run.
 */
public record Combination(Map<Role, String> chosen, Set<String> devices, Set<String> drivers,
                          Set<String> architectures, Set<String> fixes, Set<String> features) {
    public Combination {
        EnumMap<Role, String> roles = new EnumMap<>(Role.class);
        roles.putAll(chosen);
        chosen = Collections.unmodifiableMap(roles);
        devices = sorted(devices);
        drivers = sorted(drivers);
        architectures = sorted(architectures);
        fixes = sorted(fixes);
        features = sorted(features);
    }

    private static Set<String> sorted(Set<String> names) {
        return Collections.unmodifiableSet(new TreeSet<>(names));
    }
}
