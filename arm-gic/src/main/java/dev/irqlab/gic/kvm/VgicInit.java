package dev.irqlab.gic.kvm;

import dev.irqlab.api.Errno;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.StateTrace;

/**
 * arch/arm64/kvm/vgic/vgic-init.c: {@code vgic_dist.initialized}, set by {@code vgic_init} on the
 * VMM's {@code KVM_DEV_ARM_VGIC_CTRL_INIT}, and {@code vgic_lazy_init}, which an injection calls
 * first.
 */
final class VgicInit {

    private final GicVersion version;
    private final StateTrace trace;
    private boolean initialized;

    VgicInit(GicVersion version, StateTrace trace) {
        this.version = version;
        this.trace = trace;
    }

    /** {@code vgic_init}. */
    void init() {
        initialized = true;
    }

    /** {@code vgic_initialized(kvm)}. */
    boolean initialized() {
        return initialized;
    }

    /**
     * {@code vgic_lazy_init}, called first by {@code kvm_vgic_inject_irq}: only the legacy GICv2
     * model initialises itself on demand; any other returns -EBUSY until the VMM's
     * {@code KVM_DEV_ARM_VGIC_CTRL_INIT}. The injection is then dropped and KVM prints nothing.
     */
    int lazyInit(int intid, boolean level) {
        if (initialized) {
            return 0;
        }
        if (version != GicVersion.V2) {
            trace.message("kvm.vgic_inject_before_init", "kvm_vgic_inject_irq SPI " + intid
                    + " level " + (level ? 1 : 0) + " before vgic_init: -EBUSY, injection dropped");
            return -Errno.EBUSY;
        }
        init();
        return 0;
    }
}
