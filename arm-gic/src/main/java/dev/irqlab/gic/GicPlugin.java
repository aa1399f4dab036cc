package dev.irqlab.gic;

import com.google.inject.Key;
import com.google.inject.PrivateModule;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.FixInfo;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.Gic;
import dev.irqlab.gic.arch.GicDriver;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import dev.irqlab.plugin.FactoryBindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared shape of the "gicv2" and "gicv3" entry points: one physical and one virtual factory,
 * and the component graph behind them, declared here once per version:
 * <ul>
 * <li>the architecture, {@link Gic} (distributor and CPU interfaces) of this version;</li>
 * <li>Linux's GIC driver, {@link LinuxGicChip}, bound as the {@link GicDriver} of both the host
 *     controller and the guest's view of the vGIC;</li>
 * <li>the host controller, {@link PhysicalGic}: the architecture's GIC with that driver;</li>
 * <li>KVM's vGIC, {@link Vgic}, with the guest's driver.</li>
 * </ul>
 * Each part is made by its part factory, whose {@code create} takes a run's values (its {@code Sim},
 * name and sizes) while Guice injects the rest into the factory, so a run builds its parts without an
 * injector of its own. The graph
 * sits in a private module per version (both versions bind the same types); only the two role
 * factories come out, bound under the plugin's factory names ({@link FactoryBindings#key}).
 */
abstract class GicPlugin extends AbstractIrqlabPlugin {

    private static final List<MessageKey> MESSAGES = List.of(
            new MessageKey("gic.eoi_unknown",
                    "the host wrote EOIR for an INTID that is not active",
                    "GIC architecture spec IHI0069, 12.2 (EOIR): unpredictable for a non-active INTID"),
            new MessageKey("gic.eoi_out_of_order",
                    "the host EOIed out of priority-drop order",
                    "GIC architecture spec IHI0069, 4.1.1 (running priority)"),
            new MessageKey("gic.deactivate_unknown",
                    "DIR/EOI deactivation of an INTID that is not an SPI (ignored)",
                    "GIC architecture spec IHI0069, 12.2 (DIR)"),
            new MessageKey("gic.dir_in_eoimode0",
                    "the host wrote DIR while its CPU interface is in EOImode 0 (UNPREDICTABLE; ignored)",
                    "GIC architecture spec IHI0069, 12.2 (ICC_DIR_EL1 / GICC_DIR)"),
            new MessageKey("vgic.dir_in_eoimode0",
                    "the guest wrote DIR while its virtual CPU interface is in EOImode 0 (UNPREDICTABLE; ignored)",
                    "GIC architecture spec IHI0069, 12.2 (ICC_DIR_EL1 / GICC_DIR)"),
            new MessageKey("kvm.vgic_inject_before_init",
                    "an irqfd injected an SPI before the vGIC was initialised: the interrupt is lost",
                    "arch/arm64/kvm/vgic/vgic.c: kvm_vgic_inject_irq (-EBUSY before vgic_initialized)"),
            new MessageKey("vgic.eoi_unknown",
                    "the guest wrote EOIR for a vINTID in no list register",
                    "arch/arm64/kvm/vgic/vgic-v3.c: vgic_v3_fold_lr_state"),
            new MessageKey("vgic.deactivate_not_in_lr",
                    "the guest deactivated a vINTID not in a list register (a maintenance or trap path)",
                    "arch/arm64/kvm/vgic/vgic-v3.c: vgic_v3_fold_lr_state; GIC spec IHI0069 11.2.2"));

    private final GicVersion version;

    GicPlugin(GicVersion version) {
        super(version.physicalName(), summary(version), capabilities(version), MESSAGES);
        this.version = version;
    }

    private static String summary(GicVersion version) {
        return "ARM GIC" + version.physicalName().substring(3) + ": the host distributor and CPU "
                + "interface (Linux irq-gic driver) and KVM's vGIC";
    }

    private static Capabilities capabilities(GicVersion version) {
        return new Capabilities(
                Map.of(Role.PHYSICAL_CONTROLLER, Set.of(version.physicalName()),
                        Role.VIRTUAL_CONTROLLER, Set.of(version.virtualName())),
                Set.of("arm64"),
                Set.of(GicConfig.FIX_RESAMPLE_ON_ENABLE),
                Set.of("mask-notifiers", "hw-mapped"));
    }

    @Override
    protected void configure() {
        Key<PhysicalControllerFactory> physical = FactoryBindings.key(PhysicalControllerFactory.class,
                version.physicalName());
        Key<VirtualControllerFactory> virtual = FactoryBindings.key(VirtualControllerFactory.class,
                version.virtualName());
        install(new PrivateModule() {
            @Override
            protected void configure() {
                bind(GicVersion.class).toInstance(version);
                bind(GicDriver.Factory.class).to(LinuxGicChip.Factory.class);
                bind(Gic.Factory.class);
                bind(PhysicalGic.Factory.class);
                bind(Vgic.Factory.class);
                bind(physical).to(GicControllerFactory.class);
                bind(virtual).to(VgicFactory.class);
                expose(physical);
                expose(virtual);
            }
        });
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public List<FixInfo> fixInfo() {
        return List.of(
                new FixInfo(GicConfig.FIX_RESAMPLE_ON_ENABLE,
                        "vGIC: on a guest GICD_ISENABLER write of a level SPI backed by an irqfd resampler, re-sample the line (notify the resampler) instead of queueing the stale latched level",
                        "not upstream (analogue of x86 fef8f2b90edb proposed for evaluation)",
                        "arch/arm64/kvm/vgic/vgic-mmio.c: vgic_mmio_write_senable"));
    }

    /**
     * KVM offers a vGICv3 only on a GICv3 host: {@code KVM_DEV_TYPE_ARM_VGIC_V3} is registered by
     * {@code vgic_v3_probe} alone (arch/arm64/kvm/vgic/vgic-init.c: kvm_vgic_hyp_init), so a GICv2
     * host with vgic-v3 cannot exist. (A GICv3 host offers vgic-v2 when it has the GICv2
     * compatibility interface, {@code can_emulate_gicv2}.)
     */
    @Override
    public List<Refusal> refusalsAt(Combination combination) {
        List<Refusal> refusals = new ArrayList<>();
        refusals(combination).forEach(r -> refusals.add(Refusal.of(r)));
        String host = combination.chosen().get(Role.PHYSICAL_CONTROLLER);
        String vic = combination.chosen().get(Role.VIRTUAL_CONTROLLER);
        if (version.virtualName().equals(vic) && "gicv2".equals(host) && !version.physicalName().equals(host)) {
            refusals.add(new Refusal("platform.virtual-controller", "found '" + vic + "': KVM on a GICv2 host "
                    + "offers only vgic-v2 (KVM_DEV_TYPE_ARM_VGIC_V3 is registered by vgic_v3_probe alone); "
                    + "allowed: vgic-v2"));
        }
        return refusals;
    }
}
