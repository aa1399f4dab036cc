package dev.irqlab.runtime.scenario;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Types one factory's configuration mapping against its schema: every written key must be in the
 * schema and have a value of its {@link dev.irqlab.api.plugin.ConfigType} within its limits; every
 * key not written takes the schema default, so the {@link Config} holds every schema key.
 */
final class ConfigReader {

    private final Problems problems;
    private final Values values;

    ConfigReader(Problems problems, Values values) {
        this.problems = problems;
        this.values = values;
    }

    /**
     * Reads a component's configuration against its schema.
     *
     * @param written the configuration mapping, if the scenario has one
     * @return the typed configuration, or empty if a problem was recorded
     */
    Optional<Config> read(Optional<Node> written, String path, List<ConfigKey> schema) {
        return read(written, path, schema, Config.defaults(schema));
    }

    /**
     * As {@link #read(Optional, String, List)}, but every key not written takes its value from
     * {@code base} (a configuration of the same schema) instead of the schema default.
     */
    Optional<Config> read(Optional<Node> written, String path, List<ConfigKey> schema, Config base) {
        if (written.isEmpty()) {
            return Optional.of(base);
        }
        List<String> names = schema.stream().map(ConfigKey::name).toList();
        Optional<YamlMap> map = YamlMap.of(written.get(), path, problems, names);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        return read(map, schema, Set.of(), base);
    }

    /**
     * Types the entries of a mapping whose keys were already checked (each is in the schema or in
     * {@code skip}, which the caller reads itself); every schema key not written takes its default.
     */
    Optional<Config> read(Optional<YamlMap> map, List<ConfigKey> schema, Set<String> skip) {
        return read(map, schema, skip, Config.defaults(schema));
    }

    private Optional<Config> read(Optional<YamlMap> map, List<ConfigKey> schema, Set<String> skip, Config base) {
        Map<String, Object> typed = new TreeMap<>(base.values());
        if (map.isEmpty()) {
            return Optional.of(Config.of(typed));
        }
        boolean ok = true;
        for (NodeTuple entry : map.get().entries()) {
            String name = ((ScalarNode) entry.getKeyNode()).getValue();
            if (skip.contains(name)) {
                continue;
            }
            ConfigKey key = schema.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
            Optional<?> value = value(entry.getValueNode(), map.get().path(name), key);
            if (value.isPresent()) {
                typed.put(name, value.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(Config.of(typed)) : Optional.empty();
    }

    /** Checks only the shape of a configuration whose factory is unknown (its name was already reported). */
    void checkShape(Optional<Node> written, String path) {
        written.ifPresent(node -> YamlMap.of(node, path, problems, null));
    }

    private Optional<?> value(Node node, String path, ConfigKey key) {
        switch (key.type()) {
            case DURATION:
                return values.durationOrRange(node, path, key.min(), key.max());
            case INTEGER:
                return values.integer(node, path, key.min(), key.max());
            case BOOLEAN:
                return values.bool(node, path);
            case CHOICE:
                return values.choice(node, path, key.choices());
            case STRING:
                return values.text(node, path);
            default:
                throw new IllegalStateException("config type " + key.type() + " has no reader");
        }
    }
}
