package dev.irqlab.api.plugin;

import java.util.List;

/**
 * A plugin's entry point, found by {@link java.util.ServiceLoader}. The implementing class must also
 * be a Guice {@code Module} that binds the plugin's factories (see the package documentation).
 *
 * <p>Protocol: the runtime instantiates every entry point on the class path, refuses start-up on
 * duplicate names (naming both classes), on an {@link #spiVersion()} other than
 * {@link dev.irqlab.api.Spi#VERSION}, and when any chosen plugin's {@link #refusals} is non-empty
 * for the scenario's combination. Only then does it build the injector.
 */
public interface IrqlabPlugin {

    /** Unique plugin name ("gicv3"); also the name of its main factory binding. */
    String name();

    /** The SPI version the plugin was built against: return {@code Spi.VERSION} literally. */
    int spiVersion();

    /** What the plugin provides. */
    Capabilities capabilities();

    /**
     * Reasons this plugin cannot serve the given combination of chosen plugins and fixes, as
     * complete sentences for the user; empty when it can. Called only for chosen plugins.
     */
    default List<String> refusals(Combination combination) {
        return List.of();
    }
}
