package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a contract run its {@link ContractSubject}, named by JUnit configuration parameters the
 * launching test sets ({@link ContractLauncher}):
 * <ul>
 *   <li>{@value #ROLE}: a {@link Role} constant;</li>
 *   <li>{@value #FACTORY}: the name the factory is bound under in the discovered plugins, or
 *       {@value #FACTORY_CLASS}: a factory class with a no-argument constructor (a test double);</li>
 *   <li>{@value #HOST_KERNEL}: for a forwarder, the discovered kernel factory it runs on.</li>
 * </ul>
 * The plugins are discovered once per launch ({@link PluginRegistry#discover()}, kept in the root
 * context's store). Without the parameters the run refuses to start, naming them.
 */
public final class ContractSubjectResolver implements ParameterResolver {

    public static final String ROLE = "irqlab.contract.role";
    public static final String FACTORY = "irqlab.contract.factory";
    public static final String FACTORY_CLASS = "irqlab.contract.factory-class";
    public static final String HOST_KERNEL = "irqlab.contract.host-kernel";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ContractSubjectResolver.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == ContractSubject.class;
    }

    @Override
    public ContractSubject resolveParameter(ParameterContext p, ExtensionContext c) {
        Role role = Role.valueOf(required(c, ROLE));
        String factoryClass = c.getConfigurationParameter(FACTORY_CLASS).orElse(null);
        Configurable factory;
        String name;
        if (factoryClass != null) {
            factory = instantiate(factoryClass);
            name = factory.getClass().getSimpleName();
        } else {
            name = required(c, FACTORY);
            factory = registry(c).factory(role, name, Configurable.class);
        }
        KernelFactory kernel = c.getConfigurationParameter(HOST_KERNEL)
                .map(k -> registry(c).factory(Role.KERNEL, k, KernelFactory.class)).orElse(null);
        if (role == Role.FORWARDER && kernel == null) {
            throw new ParameterResolutionException("a forwarder contract run needs " + HOST_KERNEL);
        }
        return new ContractSubject(role, name, factory, kernel);
    }

    private static PluginRegistry registry(ExtensionContext c) {
        return c.getRoot().getStore(NS).computeIfAbsent("registry", k -> PluginRegistry.discover(),
                PluginRegistry.class);
    }

    private static String required(ExtensionContext c, String key) {
        return c.getConfigurationParameter(key).orElseThrow(() -> new ParameterResolutionException(
                "contract runs are launched by AllPluginsContractTest; configuration parameter '" + key
                        + "' is missing (needs " + ROLE + " and " + FACTORY + " or " + FACTORY_CLASS + ")"));
    }

    private static Configurable instantiate(String className) {
        try {
            return Class.forName(className).asSubclass(Configurable.class).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException | ClassCastException e) {
            throw new ParameterResolutionException("cannot build factory " + className + ": " + e, e);
        }
    }
}
