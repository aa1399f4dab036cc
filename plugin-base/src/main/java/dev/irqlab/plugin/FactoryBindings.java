package dev.irqlab.plugin;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a plugin's module binds its role factories by name, and how they are read back from its
 * injector: each factory is an ordinary binding of the role's factory interface
 * ({@link dev.irqlab.api.plugin.Role#factoryType()}) annotated {@code @Named(name)}, the name a
 * scenario writes. {@link AbstractIrqlabPlugin#bindFactory} writes them; the runtime's registry and
 * the contract kit read them with {@link #factories}.
 *
 * <p>Why not a {@code MapBinder} per role: a plugin's injector is built in every short command, and
 * Guice's map and set binders (a binder, its providers and their checks per role and entry) were a
 * quarter of Guice's time in it; a plain binding per factory costs what any binding costs.
 */
public final class FactoryBindings {

    private FactoryBindings() {
    }

    /** The key {@code factoryType}'s factory named {@code name} is bound under. */
    public static <T> Key<T> key(Class<T> factoryType, String name) {
        return Key.get(factoryType, Names.named(name));
    }

    /**
     * The factories of {@code factoryType} that {@code injector} binds, by name (sorted; empty when
     * it binds none), each obtained from its binding.
     */
    public static <T> Map<String, T> factories(Injector injector, Class<T> factoryType) {
        Map<String, T> out = new TreeMap<>();
        for (Binding<T> b : injector.findBindingsByType(TypeLiteral.get(factoryType))) {
            if (b.getKey().getAnnotation() instanceof Named named) {
                out.put(named.value(), b.getProvider().get());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
