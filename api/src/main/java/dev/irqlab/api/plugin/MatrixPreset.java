package dev.irqlab.api.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of a VMM that {@code irqlab matrix} runs every row with ({@link VmmFactory#matrixPresets()}):
 * the VMM's tables of the matrix, one per preset.
 *
 * @param name     a word for the preset in row names and table headings ({@code split}); unique per VMM
 * @param config   what the rows' scenarios write in their {@code vmm:} section (keys of the VMM's
 *                 {@link Configurable#schema()}), in this order; empty: the VMM's defaults
 * @param irqchips the in-kernel irqchips (virtual controller names) the preset can build a VM with, so that
 *                 the matrix writes rows only for those; empty: those of {@link VmmFactory#irqchips()}
 */
public record MatrixPreset(String name, Map<String, String> config, List<String> irqchips) {
    public MatrixPreset {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a matrix preset needs a name");
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        irqchips = List.copyOf(irqchips);
    }

    /** The VMM as it runs without configuration, on every irqchip it can create. */
    public static MatrixPreset defaults(String name) {
        return new MatrixPreset(name, Map.of(), List.of());
    }
}
