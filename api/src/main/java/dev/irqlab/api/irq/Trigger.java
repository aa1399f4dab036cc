package dev.irqlab.api.irq;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a device signals its interrupt, with the device-tree names
 * (include/dt-bindings/interrupt-controller/irq.h: {@code IRQ_TYPE_EDGE_RISING} = 1,
 * {@code IRQ_TYPE_EDGE_FALLING} = 2, {@code IRQ_TYPE_EDGE_BOTH} = 3, {@code IRQ_TYPE_LEVEL_HIGH} = 4,
 * {@code IRQ_TYPE_LEVEL_LOW} = 8).
 */
public enum Trigger {
    EDGE_RISING("edge-rising", 1),
    EDGE_FALLING("edge-falling", 2),
    EDGE_BOTH("edge-both", 3),
    LEVEL_HIGH("level-high", 4),
    LEVEL_LOW("level-low", 8);

    private final String dtName;
    private final int dtValue;

    Trigger(String dtName, int dtValue) {
        this.dtName = dtName;
        this.dtValue = dtValue;
    }

    /** The scenario / device-tree spelling, e.g. {@code level-high}. */
    public String dtName() {
        return dtName;
    }

    /** The {@code IRQ_TYPE_*} value. */
    public int dtValue() {
        return dtValue;
    }

    /** {@code IRQ_TYPE_LEVEL_MASK} test, as {@code irq_settings_is_level}. */
    public boolean isLevel() {
        return this == LEVEL_HIGH || this == LEVEL_LOW;
    }

    public boolean isEdge() {
        return !isLevel();
    }

    /** The line level at which a level trigger is asserted. */
    public boolean assertedLevel() {
        return this != LEVEL_LOW && this != EDGE_FALLING;
    }

    public static Optional<Trigger> fromDtName(String name) {
        return Arrays.stream(values()).filter(t -> t.dtName.equals(name)).findFirst();
    }

    /** {@link #values()}, copied once: every {@code request_irq} looks its trigger up. */
    private static final Trigger[] VALUES = values();

    /** The trigger of an {@code IRQ_TYPE_*} value (1, 2, 3, 4, 8); empty for any other value. */
    public static Optional<Trigger> fromDtValue(int value) {
        for (Trigger t : VALUES) {
            if (t.dtValue == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static List<String> dtNames() {
        return Arrays.stream(values()).map(Trigger::dtName).toList();
    }
}
