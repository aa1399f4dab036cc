package dev.irqlab.api.kernel;

import dev.irqlab.api.irq.Trigger;
import java.util.Optional;
import java.util.Set;

/** The {@code IRQF_*} request flags the models honour (include/linux/interrupt.h). */
public enum IrqFlag {
    /** {@code IRQF_TRIGGER_RISING} (0x01). */
    TRIGGER_RISING,
    /** {@code IRQF_TRIGGER_FALLING} (0x02). */
    TRIGGER_FALLING,
    /** {@code IRQF_TRIGGER_HIGH} (0x04). */
    TRIGGER_HIGH,
    /** {@code IRQF_TRIGGER_LOW} (0x08). */
    TRIGGER_LOW,
    /** {@code IRQF_SHARED}. */
    SHARED,
    /** {@code IRQF_PERCPU}: a per-CPU interrupt; never force-threaded. */
    PERCPU,
    /** {@code IRQF_ONESHOT}: keep the line masked until the thread function has finished. */
    ONESHOT,
    /** {@code IRQF_NO_AUTOEN}: do not enable at request time (depth starts at 1). */
    NO_AUTOEN,
    /** {@code IRQF_NO_SUSPEND}: keep enabled across system suspend. */
    NO_SUSPEND,
    /** {@code IRQF_NO_THREAD}: never force-thread. */
    NO_THREAD;

    /**
     * {@code flags & IRQF_TRIGGER_MASK}: the {@code IRQ_TYPE_*} bits the request's trigger flags give
     * (rising 1, falling 2, high 4, low 8), 0 when it has none.
     */
    public static int triggerBits(Set<IrqFlag> flags) {
        int bits = 0;
        if (flags.contains(TRIGGER_RISING)) {
            bits |= 0x1;
        }
        if (flags.contains(TRIGGER_FALLING)) {
            bits |= 0x2;
        }
        if (flags.contains(TRIGGER_HIGH)) {
            bits |= 0x4;
        }
        if (flags.contains(TRIGGER_LOW)) {
            bits |= 0x8;
        }
        return bits;
    }

    /** The {@link Trigger} of a request's trigger flags; empty when none or a combination no type has. */
    public static Optional<Trigger> trigger(Set<IrqFlag> flags) {
        return Trigger.fromDtValue(triggerBits(flags));
    }

    /** The {@code IRQF_TRIGGER_*} flag(s) that request {@code trigger}. */
    public static Set<IrqFlag> of(Trigger trigger) {
        return switch (trigger) {
            case EDGE_RISING -> Set.of(TRIGGER_RISING);
            case EDGE_FALLING -> Set.of(TRIGGER_FALLING);
            case EDGE_BOTH -> Set.of(TRIGGER_RISING, TRIGGER_FALLING);
            case LEVEL_HIGH -> Set.of(TRIGGER_HIGH);
            case LEVEL_LOW -> Set.of(TRIGGER_LOW);
        };
    }
}
