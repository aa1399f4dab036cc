package dev.irqlab.gic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.kvm.VgicSpec;
import java.util.List;

/** Builds KVM's {@link Vgic} for a VM ("vgic-v2" / "vgic-v3"). */
public final class VgicFactory implements VirtualControllerFactory {

    private final Vgic.Factory vgics;

    @Inject
    VgicFactory(Vgic.Factory vgics) {
        this.vgics = vgics;
    }

    @Override
    public List<ConfigKey> schema() {
        return GicConfig.virtualSchema();
    }

    @Override
    public VirtualInterruptController create(VirtualControllerContext context) {
        Config c = context.config();
        String n = context.name();
        int eoiMode = GicConfig.eoiMode(c, n);
        int lrs = GicConfig.integer(c, GicConfig.LIST_REGISTERS, 1, 16, n);
        int spis = GicConfig.integer(c, GicConfig.SPIS, 1, GicConfig.MAX_SPIS, n);
        boolean maskNotifiers = c.flag(GicConfig.MASK_NOTIFIERS)
                || context.fixes().contains(GicConfig.FIX_MASK_NOTIFIER);
        boolean resample = context.fixes().contains(GicConfig.FIX_RESAMPLE_ON_ENABLE);
        VgicSpec spec = new VgicSpec(GicConfig.release(c, n), context.vcpus(), spis, lrs, eoiMode, maskNotifiers,
                resample, GicConfig.resampleOnEnable(c, n));
        return vgics.create(context.sim(), n, spec, context.exits());
    }

    @Override
    public String summary() {
        return "KVM's vGIC: virtual distributor, list registers, maintenance interrupts, irqfd resampler hooks";
    }

    @Override
    public String source() {
        return "arch/arm64/kvm/vgic/ (v6.18, v6.19)";
    }
}
