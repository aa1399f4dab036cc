package dev.irqlab.plugin;

import com.google.inject.AbstractModule;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.Configurable;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
import java.util.List;

/**
 * A plugin's entry point: the Guice module that {@link IrqlabPlugin} requires, holding the plugin's
 * description (name, summary, capabilities, message keys), so that the entry point itself says only
 * what is its own: {@link #spiVersion()} and {@code configure()}, its bindings.
 *
 * <p>{@code spiVersion()} stays in each plugin on purpose: {@code return Spi.VERSION;} there is a
 * constant the compiler copies into the plugin's class, so it reports the SPI the plugin was built
 * against; a method here would report the SPI of the runtime it is loaded into, and the registry's
 * version check could never fail.
 */
public abstract class AbstractIrqlabPlugin extends AbstractModule implements IrqlabPlugin {

    private final String name;
    private final String summary;
    private final Capabilities capabilities;
    private final List<MessageKey> messages;

    /**
     * @param name         unique plugin name ({@link IrqlabPlugin#name()})
     * @param summary      what the plugin models, one sentence
     * @param capabilities what it provides; the registry checks it against what {@code configure()} binds
     * @param messages     every kernel-message key its components may emit
     */
    protected AbstractIrqlabPlugin(String name, String summary, Capabilities capabilities,
                                   List<MessageKey> messages) {
        this.name = name;
        this.summary = summary;
        this.capabilities = capabilities;
        this.messages = List.copyOf(messages);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public final List<MessageKey> messages() {
        return messages;
    }

    /**
     * Binds {@code implementation} as the factory of its role's factory type
     * ({@link dev.irqlab.api.plugin.Role#factoryType()}) named {@code factoryName}, as the registry reads
     * them ({@link FactoryBindings}).
     */
    protected final <T extends Configurable> void bindFactory(Class<T> factoryType, String factoryName,
                                                              Class<? extends T> implementation) {
        bind(FactoryBindings.key(factoryType, factoryName)).to(implementation);
    }
}
