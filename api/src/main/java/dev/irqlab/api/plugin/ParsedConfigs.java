package dev.irqlab.api.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A factory's typed form of its {@link Config}, parsed once per configuration object. A parsed
 * scenario keeps its configurations, so the runs made from it (the explorer's, the matrix's, a
 * benchmark's) parse each once instead of at every assembly.
 *
 * <p>Keeps the last {@value #KEPT} configurations it parsed, found by reference, each with its typed
 * form. Both are immutable (a parser must return an immutable value, and give the same value for the
 * same configuration), so the answer is the parser's whatever was parsed before, and threads may share
 * one instance. A configuration the parser refuses is not kept: every call refuses it again.
 *
 * @param <T> the typed configuration, immutable
 */
public final class ParsedConfigs<T> {

    /** Enough for a host and a guest kernel with configurations of their own, and another scenario's. */
    static final int KEPT = 4;

    private record Parsed<T>(Config config, T value) {
    }

    private final Function<Config, T> parser;
    /** The newest first; replaced, never changed. */
    private volatile List<Parsed<T>> recent = List.of();

    public ParsedConfigs(Function<Config, T> parser) {
        this.parser = parser;
    }

    /** {@code parser.apply(config)}, parsed the first time this configuration object is asked for. */
    @SuppressWarnings("ReferenceEquality") // the same configuration object: a lookup by equality costs a parse
    public T of(Config config) {
        List<Parsed<T>> kept = recent;
        for (Parsed<T> p : kept) {
            if (p.config() == config) {
                return p.value();
            }
        }
        T value = parser.apply(config);
        List<Parsed<T>> next = new ArrayList<>(KEPT);
        next.add(new Parsed<>(config, value));
        for (int i = 0; i < kept.size() && next.size() < KEPT; i++) {
            next.add(kept.get(i));
        }
        recent = List.copyOf(next);
        return value;
    }
}
