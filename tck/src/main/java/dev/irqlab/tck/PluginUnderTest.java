package dev.irqlab.tck;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Configurable;
import java.util.Set;

/**
 * One factory a contract runs over, and the configuration it runs with. Its text is the run's
 * display name: the name the factory is bound under, and the configuration when it is not the
 * schema's defaults ({@code "gicv2 [eoi-mode=0]"}).
 *
 * @param name    the name the factory is bound under ({@code PluginCatalog.names(role)}), or a double's label
 * @param factory the factory
 * @param config  a complete configuration of the factory's schema
 * @param variant how {@code config} differs from the schema's defaults, "" for the defaults
 * @param fixes   the fix option names the factory's plugin implements ({@code Capabilities.fixes()})
 */
public record PluginUnderTest<F extends Configurable>(String name, F factory, Config config, String variant,
                                                      Set<String> fixes) {

    public PluginUnderTest {
        fixes = Set.copyOf(fixes);
    }

    /** The factory with its schema's defaults. */
    public static <F extends Configurable> PluginUnderTest<F> withDefaults(String name, F factory, Set<String> fixes) {
        return new PluginUnderTest<>(name, factory, Config.defaults(factory.schema()), "", fixes);
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? name : name + " [" + variant + "]";
    }
}
