package dev.irqlab.api.plugin;

import java.util.Map;
import java.util.Set;

/**
 * The choice a scenario makes: the factory name per role (single-valued roles), the device and
 * driver names, the architecture of the chosen controllers, the selected fixes and the features the
 * chosen plugins declare.
 */
public record Combination(Map<Role, String> chosen, Set<String> devices, Set<String> drivers,
                          Set<String> architectures, Set<String> fixes, Set<String> features) {
    public Combination {
        chosen = Map.copyOf(chosen);
        devices = Set.copyOf(devices);
        drivers = Set.copyOf(drivers);
        architectures = Set.copyOf(architectures);
        fixes = Set.copyOf(fixes);
        features = Set.copyOf(features);
    }
}
