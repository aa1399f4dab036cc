package dev.irqlab.runtime.plugins;

import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the scenario loader may know about the plugins on the class path: the factory names per
 * role, each factory's configuration schema and the fix names any plugin implements. Implemented by
 * the plugin registry; tests use a fixed one.
 */
public interface PluginCatalog {

    /** Factory names bound for a role, sorted. */
    Set<String> names(Role role);

    /** The configuration keys of one factory; throws {@link IllegalArgumentException} for an unknown name. */
    List<ConfigKey> schema(Role role, String name);

    /**
     * Every kernel-message key some plugin (or the runtime) declares, for {@code expect:
     * messages.<key>}; empty when the catalog does not know them (then any key is accepted).
     */
    default Optional<Set<String>> messageKeys() {
        return Optional.empty();
    }

    /**
     * The device models a guest driver binds to ({@code GuestDriverFactory.models()}); empty: any, or
     * not known to this catalog.
     */
    default Set<String> driverModels(String driver) {
        return Set.of();
    }

    /** The flows a guest driver can be given ({@code GuestDriverFactory.flows()}); empty: any. */
    default List<String> driverFlows(String driver) {
        return List.of();
    }

    /** Every fix name some plugin implements (without "none"). */
    Set<String> fixes();
}
