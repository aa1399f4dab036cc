package dev.irqlab.runtime.matrix;

import java.util.Optional;

/**
 * What a matrix row changes from upstream behaviour: nothing, one fix (scenario {@code fix:}), or
 * the HW-mapped forwarding of the device (scenario {@code forwarding: hw-mapped}, which is a wiring,
 * not a fix).
 */
public enum Variant {
    NONE("none", false),
    IOAPIC_ACK_PENDING("ioapic-ack-pending", true),
    RESAMPLE_ON_UNMASK("resample-on-unmask", true),
    IRQFD_MASK_NOTIFIER("irqfd-mask-notifier", true),
    VGIC_RESAMPLE_ON_ENABLE("vgic-resample-on-enable", true),
    HW_MAPPED("hw-mapped", false);

    private final String label;
    private final boolean fix;

    Variant(String label, boolean fix) {
        this.label = label;
        this.fix = fix;
    }

    public String label() {
        return label;
    }

    /** The scenario's {@code fix:} value: the fix name, or {@code none} for upstream and for HW mapping. */
    public String fixName() {
        return fix ? label : "none";
    }

    /** The scenario's {@code forwarding:} for this variant, when it overrides the flow's default. */
    public Optional<String> forwarding() {
        return this == HW_MAPPED ? Optional.of("hw-mapped") : Optional.empty();
    }
}
