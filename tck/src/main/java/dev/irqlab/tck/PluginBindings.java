package dev.irqlab.tck;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.util.Types;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.IrqlabPlugin;
import java.util.Map;

/**
 * What one plugin's Guice module binds, read as the runtime's registry reads it: the role factories
 * of one factory type by name, from an injector of that module alone.
 */
public final class PluginBindings {

    private PluginBindings() {
    }

    /**
     * The factories {@code plugin} binds in the {@code MapBinder} of {@code factoryType}.
     *
     * @throws com.google.inject.ConfigurationException when the module binds none of that type
     */
    @SuppressWarnings("unchecked")
    public static <F extends Configurable> Map<String, F> factories(IrqlabPlugin plugin, Class<F> factoryType) {
        Key<Map<String, F>> key = (Key<Map<String, F>>) Key.get(Types.mapOf(String.class, factoryType));
        return Guice.createInjector((Module) plugin).getInstance(key);
    }

    /**
     * The factory {@code plugin} binds under {@code name} in the {@code MapBinder} of {@code factoryType}.
     *
     * @throws IllegalArgumentException when it binds none under that name
     */
    public static <F extends Configurable> F factory(IrqlabPlugin plugin, Class<F> factoryType, String name) {
        F factory = factories(plugin, factoryType).get(name);
        if (factory == null) {
            throw new IllegalArgumentException("plugin " + plugin.name() + " binds no " + factoryType.getSimpleName()
                    + " '" + name + "'; it binds " + factories(plugin, factoryType).keySet());
        }
        return factory;
    }
}
