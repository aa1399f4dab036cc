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

    /**
     * {@link #refusals} with the scenario key each concerns ({@link Refusal#path()}), so validation
     * points at the line to change. The default gives every {@link #refusals} sentence with no path
     * (the combination as a whole); a plugin that knows the key overrides this instead.
     */
    default List<Refusal> refusalsAt(Combination combination) {
        return refusals(combination).stream().map(Refusal::of).toList();
    }

    /** What the plugin models, one sentence, for {@code irqlab describe}. */
    default String summary() {
        return "";
    }

    /**
     * Every kernel-message key this plugin's components may emit; {@code expect: messages.<key>}
     * accepts exactly the keys some plugin (or the runtime) declares.
     */
    default List<MessageKey> messages() {
        return List.of();
    }

    /** A description of each fix in {@link Capabilities#fixes()} (what it changes, where upstream has it). */
    default List<FixInfo> fixInfo() {
        return List.of();
    }
}
