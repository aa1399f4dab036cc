package dev.irqlab.kvm;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.FixInfo;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "kvm": VMs, vCPUs with exit costs, GSI routing, KVM_IRQFD and its resampler. Fixes:
 * {@code resample-on-eoi} (the upstream resampler; also what runs when no resampler fix is chosen)
 * and {@code irqfd-mask-notifier} (Dmytro Maluka's unmerged v2 3/5), which needs a virtual controller
 * that fires mask notifiers (feature {@code mask-notifiers}).
 */
public final class KvmPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "kvm";
    public static final String FEATURE_MASK_NOTIFIERS = "mask-notifiers";

    public KvmPlugin() {
        super(NAME, "KVM: VMs and vCPUs with exit costs, GSI routing, KVM_IRQFD and its resampler (virt/kvm/eventfd.c)",
                new Capabilities(Map.of(Role.HYPERVISOR, Set.of(NAME)), Set.of(),
                        Set.of(ResamplerVariant.RESAMPLE_ON_EOI.fix(), ResamplerVariant.MASK_NOTIFIER.fix()), Set.of()),
                List.of());
    }

    /**
     * The hypervisor's graph: the KVM module ({@link Kvm}) makes VMs ({@link KvmVm}, each with its
     * vCPUs, exits, GSI routing and irqfds) through a part factory that takes a run's values.
     */
    @Override
    protected void configure() {
        bind(KvmVm.Factory.class);
        bind(Kvm.Factory.class);
        bindFactory(HypervisorFactory.class, NAME, KvmHypervisorFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public List<String> refusals(Combination combination) {
        List<String> reasons = new ArrayList<>();
        Set<String> fixes = combination.fixes();
        if (fixes.contains(ResamplerVariant.MASK_NOTIFIER.fix())) {
            if (!combination.features().contains(FEATURE_MASK_NOTIFIERS)) {
                reasons.add("Fix '" + ResamplerVariant.MASK_NOTIFIER.fix() + "' needs a virtual interrupt controller "
                        + "that fires mask notifiers (feature '" + FEATURE_MASK_NOTIFIERS
                        + "'), and no chosen plugin declares it.");
            }
            if (fixes.contains(ResamplerVariant.RESAMPLE_ON_EOI.fix())) {
                reasons.add("Fixes '" + ResamplerVariant.RESAMPLE_ON_EOI.fix() + "' and '"
                        + ResamplerVariant.MASK_NOTIFIER.fix() + "' choose different irqfd resamplers; choose one.");
            }
        }
        return reasons;
    }

    @Override
    public List<FixInfo> fixInfo() {
        return List.of(
                new FixInfo(ResamplerVariant.RESAMPLE_ON_EOI.fix(),
                        "the upstream irqfd resampler: de-assert and signal the resamplefd at every guest EOI (what runs when no resampler fix is chosen)",
                        "upstream since v3.10 (7a84428af7ca)",
                        "virt/kvm/eventfd.c: irqfd_resampler_ack", true),
                new FixInfo(ResamplerVariant.MASK_NOTIFIER.fix(),
                        "irqfd resampler with a mask notifier: an EOI while the guest has the pin masked postpones the resamplefd signal to the unmask",
                        "not upstream (Dmytro Maluka, [PATCH v2 3/5] 2022-08-05)",
                        "virt/kvm/eventfd.c: irqfd_resampler_ack, irqfd_resampler_mask (v2 3/5)"));
    }

    /** Both refusals concern the scenario's {@code fix:} choice. */
    @Override
    public List<Refusal> refusalsAt(Combination combination) {
        return refusals(combination).stream().map(r -> new Refusal("fix", r)).toList();
    }
}
