package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.Role;

/**
 * The factory one contract run tests: its role, the name it is bound under, the factory itself and,
 * for a forwarder, the host kernel it runs on.
 *
 * @param hostKernel the kernel factory under a forwarder, null for other roles
 */
public record ContractSubject(Role role, String name, Configurable factory, KernelFactory hostKernel) {

    /** The factory as the role's type. */
    public <T> T factory(Class<T> type) {
        if (!type.isInstance(factory)) {
            throw new IllegalStateException("the " + role.label() + " '" + name + "' is a "
                    + factory.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(factory);
    }

    /** The factory's configuration made of its schema's defaults. */
    public Config defaults() {
        return Config.defaults(factory.schema());
    }
}
