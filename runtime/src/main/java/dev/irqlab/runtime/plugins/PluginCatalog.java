package dev.irqlab.runtime.plugins;

import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.Role;
import java.util.List;
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

    /** Every fix name some plugin implements (without "none"). */
    Set<String> fixes();
}
