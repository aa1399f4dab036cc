package dev.irqlab.gic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ParsedConfigs;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.ResampleOnEnable;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.kvm.VgicSpec;
import java.util.List;
import java.util.Map;

/** Builds KVM's {@link Vgic} for a VM ("vgic-v2" / "vgic-v3"). */
public final class VgicFactory implements VirtualControllerFactory {

    private final Vgic.Factory vgics;
    private final GicVersion version;

    @Inject
    VgicFactory(Vgic.Factory vgics, GicVersion version) {
        this.vgics = vgics;
        this.version = version;
    }

    @Override
    public List<ConfigKey> schema() {
        return GicConfig.virtualSchema();
    }

    /** A configuration's typed form: what {@link #create} reads of it. */
    private record Settings(int eoiMode, int listRegisters, boolean maskNotifiers, KvmRelease release,
                            ResampleOnEnable resampleOnEnable) {
    }

    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<Settings> settings = new ParsedConfigs<>(c -> settings(c, "vgic"));

    /** {@code c} checked in {@link #create}'s order; a refusal names {@code component}. */
    private static Settings settings(Config c, String component) {
        int eoiMode = GicConfig.eoiMode(c, component);
        int lrs = GicConfig.integer(c, GicConfig.LIST_REGISTERS, 1, 16, component);
        boolean maskNotifiers = c.flag(GicConfig.MASK_NOTIFIERS);
        return new Settings(eoiMode, lrs, maskNotifiers, GicConfig.release(c, component),
                GicConfig.resampleOnEnable(c, component));
    }

    @Override
    public VirtualInterruptController create(VirtualControllerContext context) {
        Config c = context.config();
        String n = context.name();
        Settings parsed;
        try {
            parsed = settings.of(c);
        } catch (IllegalArgumentException e) {
            parsed = settings(c, n); // refused again, naming the run's component
        }
        boolean maskNotifiers = parsed.maskNotifiers() || context.fixes().contains(GicConfig.FIX_MASK_NOTIFIER);
        boolean resample = context.fixes().contains(GicConfig.FIX_RESAMPLE_ON_ENABLE);
        VgicSpec spec = new VgicSpec(parsed.release(), context.vcpus(), parsed.listRegisters(), parsed.eoiMode(),
                maskNotifiers, resample, parsed.resampleOnEnable());
        return vgics.create(context.sim(), n, spec, context.exits());
    }

    /**
     * The host of this GIC version: KVM offers the vGIC of the host GIC's version (vgic-init.c
     * {@code kvm_vgic_hyp_init}, as {@code KvmHypervisorFactory.irqchipFor}).
     */
    @Override
    public List<String> matrixHosts() {
        return List.of(version.physicalName());
    }

    /**
     * Linux 6.18 for every row: the matrix compares the fixes with the resampler told at every guest
     * EOI. 6.19's fold notifies only a deactivation KVM saw active (vgic-v3.c
     * {@code vgic_v3_fold_lr_state}, the LR overflow series), so a plain level flow acknowledged and
     * EOIed without an exit is never resampled there, and its rows would show that, not the fixes.
     */
    @Override
    public Map<String, String> matrixConfig(String fix) {
        return Map.of(GicConfig.KVM_VERSION, KvmRelease.LINUX_6_18.label());
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
