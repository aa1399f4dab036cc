package dev.irqlab.kvm;

import java.util.Set;

/** Which irqfd resampler KVM runs, chosen by the scenario's fixes. */
public enum ResamplerVariant {
    /** Upstream virt/kvm/eventfd.c: de-assert and signal the resamplefds at every guest EOI. */
    RESAMPLE_ON_EOI("resample-on-eoi"),
    /**
     * Dmytro Maluka's "[PATCH v2 3/5] KVM: irqfd: Postpone resamplefd notify for oneshot interrupts"
     * (2022-08-05, not merged): while the guest has the pin masked, an EOI de-asserts but postpones the
     * resamplefd signal until the unmask, reported by a mask notifier.
     */
    MASK_NOTIFIER("irqfd-mask-notifier");

    private final String fix;

    ResamplerVariant(String fix) {
        this.fix = fix;
    }

    /** The fix option name. */
    public String fix() {
        return fix;
    }

    /** {@link #MASK_NOTIFIER} when its fix is selected, {@link #RESAMPLE_ON_EOI} otherwise. */
    public static ResamplerVariant fromFixes(Set<String> fixes) {
        return fixes.contains(MASK_NOTIFIER.fix) ? MASK_NOTIFIER : RESAMPLE_ON_EOI;
    }
}
