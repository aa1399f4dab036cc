package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.scenario.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VMM of a matrix row: a VMM factory and one of its presets ({@code VmmFactory.matrixPresets}).
 *
 * @param name          the VMM factory name ({@code platform.vmm})
 * @param preset        the preset's name ({@code MatrixPreset.name})
 * @param config        the scenario's {@code vmm:} section, in order; empty: the VMM's defaults
 * @param unmaskEventfd whether a level irq it wires gets VFIO's unmask eventfd
 *                      ({@code VmmFactory.unmaskEventfd}); false: its level rows forward with a plain irqfd
 */
public record MatrixVmm(String name, String preset, Map<String, String> config, boolean unmaskEventfd) {
    public MatrixVmm {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Whether the rows' scenarios write nothing about the VMM (the scenario default, its defaults). */
    public boolean scenarioDefault() {
        return name.equals(Platform.DEFAULT_VMM) && config.isEmpty();
    }

    /** {@code crosvm-split}: the VMM and its preset, for row names. */
    public String id() {
        return name + "-" + preset;
    }

    /** {@code crosvm (irqchip: split)}: the VMM and what its preset sets, for table headings. */
    public String label() {
        if (config.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append(" (");
        config.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(k).append(": ").append(v));
        return b.append(')').toString();
    }
}
