package dev.irqlab.api.plugin;

import java.util.List;

/** A factory with configuration keys. Protocol: {@link #schema()} is constant for the factory's life. */
public interface Configurable {

    /** The keys a scenario may set for this factory; none by default. */
    default List<ConfigKey> schema() {
        return List.of();
    }
}
