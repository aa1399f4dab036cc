package dev.irqlab.gic.kvm;

import java.util.ArrayList;
import java.util.List;

/**
 * The upstream release whose arch/arm64/kvm/vgic the vGIC follows (scenario key
 * {@code config.virtual-controller.kvm-version}). Releases are modelled where the vGIC's behaviour
 * changed; the newest is the default.
 */
public enum KvmRelease {
    /**
     * Linux 6.18, before the list-register overflow series: active interrupts are sorted first and
     * must stay in the LRs; the ack notifiers run for every LR that signals an EOI maintenance
     * interrupt, before the interrupt's state is folded (vgic-v3.c {@code vgic_v3_fold_lr_state}).
     */
    LINUX_6_18("linux-6.18"),
    /**
     * Linux 6.19, Marc Zyngier's "KVM: arm64: Add LR overflow infrastructure" (v4,
     * 20251120172540.2267180-*-maz@kernel.org): pending interrupts first ({@code vgic_irq_cmp}),
     * actives may live outside the LRs; EOIcount deactivations replayed in {@code vgic_v3_fold_lr_state}
     * walking the ap_list from its head; TDIR while SPIs are in flight ({@code active_spis}) and
     * {@code vgic_v3_deactivate}; a broadcast kick when the first SPI is queued; the ack notifiers after
     * the fold and only on a deactivation KVM observes ({@code deactivated}). Releases up to 7.0 do not
     * differ in what is modelled: 7.0's 6da5e537f5af ("Pick EOIcount deactivations from AP-list tail",
     * also in 6.19.y) only matters when the maintenance interrupt reaches KVM after the guest activated
     * more interrupts from the LRs, and the model's maintenance interrupt exits at once.
     */
    LINUX_6_19("linux-6.19");

    /** The newest modelled release: the default. */
    public static final KvmRelease NEWEST = LINUX_6_19;

    private final String label;

    KvmRelease(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The labels, oldest first, as a scenario writes them. */
    public static List<String> labels() {
        List<String> out = new ArrayList<>();
        for (KvmRelease r : values()) {
            out.add(r.label);
        }
        return List.copyOf(out);
    }

    /** The release of a label, or an error naming the allowed ones. */
    public static KvmRelease of(String label) {
        for (KvmRelease r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("kvm-version '" + label + "'; allowed: " + String.join(", ", labels()));
    }

    /** The 6.19 LR-overflow series is in. */
    boolean lrOverflow() {
        return this != LINUX_6_18;
    }
}
