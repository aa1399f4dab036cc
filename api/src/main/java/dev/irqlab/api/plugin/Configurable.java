package dev.irqlab.api.plugin;

import java.util.List;

/**
 * A factory with configuration keys and a description of what it models. Protocol: every method
 * returns a constant for the factory's life; {@code irqlab describe} and docs/scenario-reference.md
 * are generated from these answers, so a plugin documents itself by filling them in.
 */
public interface Configurable {

    /** The keys a scenario may set for this factory; none by default. */
    default List<ConfigKey> schema() {
        return List.of();
    }

    /** What the factory's product models, one sentence ("the GICv3 distributor and CPU interface"). */
    default String summary() {
        return "";
    }

    /** The kernel source or manual the model follows ({@code drivers/irqchip/irq-gic-v3.c}). */
    default String source() {
        return "";
    }
}
