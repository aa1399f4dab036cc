package dev.irqlab.gic.arch;

import java.util.Locale;

/**
 * The state of an interrupt in the GIC's state machine (IHI 0048B 1.4.2, IHI 0069 1.2.2): inactive,
 * pending, active, or active and pending.
 */
public enum GicIrqState {
    INACTIVE,
    PENDING,
    ACTIVE,
    ACTIVE_PENDING;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '+');

    public static GicIrqState of(boolean active, boolean pending) {
        if (active) {
            return pending ? ACTIVE_PENDING : ACTIVE;
        }
        return pending ? PENDING : INACTIVE;
    }

    /** The manual's word: "inactive", "pending", "active", "active+pending". */
    public String label() {
        return label;
    }
}
