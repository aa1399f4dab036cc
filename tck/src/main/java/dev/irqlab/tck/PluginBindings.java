package dev.irqlab.tck;

import com.google.inject.Guice;
import com.google.inject.Module;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.plugin.FactoryBindings;
import java.util.Map;

/**
 * What one plugin's Guice module binds, read as the runtime's registry reads it: the role factories
 * of one factory type by name, from an injector of that module alone.
 */
public final class PluginBindings {

    private PluginBindings() {
    }

    /** The factories of {@code factoryType} that {@code plugin} binds by name (empty: none). */
    public static <F extends Configurable> Map<String, F> factories(IrqlabPlugin plugin, Class<F> factoryType) {
        return FactoryBindings.factories(Guice.createInjector((Module) plugin), factoryType);
    }

    /**
     * The factory of {@code factoryType} that {@code plugin} binds under {@code name}.
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
