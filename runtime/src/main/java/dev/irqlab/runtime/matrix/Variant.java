package dev.irqlab.runtime.matrix;

import dev.irqlab.api.vmm.Forwarding;
import java.util.Optional;

/**
 * What a matrix row changes from upstream behaviour: nothing ({@link #NONE}), one fix (scenario
 * {@code fix:}, one of those the plugins declare), or a forwarding no guest flow has by default
 * (scenario {@code forwarding: hw-mapped}, which is a wiring, not a fix).
 *
 * @param label the column text: {@code none}, the fix name or the forwarding's label
 */
public record Variant(String label, Kind kind) {

    /** What kind of change a variant is. */
    public enum Kind { NONE, FIX, FORWARDING }

    /** Upstream behaviour: no fix, the flow's own forwarding. */
    public static final Variant NONE = new Variant("none", Kind.NONE);

    /** The row of one fix. */
    public static Variant fix(String name) {
        return new Variant(name, Kind.FIX);
    }

    /** The row of a forwarding the flows do not choose by themselves ({@link Forwarding#defaultFor}). */
    public static Variant forwarding(Forwarding forwarding) {
        return new Variant(forwarding.label(), Kind.FORWARDING);
    }

    /** The scenario's {@code fix:} value: the fix name, or {@code none} for upstream and for a forwarding. */
    public String fixName() {
        return kind == Kind.FIX ? label : "none";
    }

    /** The scenario's {@code forwarding:} for this variant, when it overrides the flow's default. */
    public Optional<String> forwarding() {
        return kind == Kind.FORWARDING ? Optional.of(label) : Optional.empty();
    }
}
