package dev.irqlab.gic;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.ResampleOnEnable;
import java.util.List;

/** The configuration keys of the GIC factories, their defaults, and their validation. */
final class GicConfig {

    static final String EOI_MODE = "eoi-mode";
    static final String SPIS = "spis";
    static final String PCI_INTX_SPI_BASE = "pci-intx-spi-base";
    /** The default first SPI of the host bridge's interrupt-map. */
    static final int DEFAULT_PCI_INTX_SPI_BASE = 8;
    static final String LIST_REGISTERS = "list-registers";
    static final String MASK_NOTIFIERS = "mask-notifiers";
    static final String RESAMPLE_ORDER = "resample-on-enable-order";
    static final String RESAMPLE_WINDOW = "resample-on-enable-window";
    static final String KVM_VERSION = "kvm-version";

    /** GICv2/v3 architectural maximum: INTIDs 32..1019. */
    static final long MAX_SPIS = 988;

    /** Fix names this module acts on. */
    static final String FIX_RESAMPLE_ON_ENABLE = "vgic-resample-on-enable";
    static final String FIX_MASK_NOTIFIER = "irqfd-mask-notifier";

    private GicConfig() {
    }

    /** Physical controller: a host booted at EL2 runs Linux's GIC driver in EOImode 1. */
    static List<ConfigKey> physicalSchema() {
        return List.of(
                ConfigKey.choice(EOI_MODE, "1", List.of("0", "1"),
                        "CPU interface EOI mode Linux programs: 1 (EL2 host, supports_deactivate_key: EOIR drops"
                                + " priority, DIR deactivates) or 0 (EOIR does both)")
                        .withSource("drivers/irqchip/irq-gic-v3.c: gic_eoimode1_eoi_irq, supports_deactivate_key; GIC spec IHI0069 ICC_CTLR_EL1.EOImode"),
                ConfigKey.integer(SPIS, MAX_SPIS, 1, MAX_SPIS, "number of SPIs (INTIDs 32..32+spis-1)")
                        .withUnit("SPIs")
                        .withSource("GIC spec IHI0069 GICD_TYPER.ITLinesNumber"),
                ConfigKey.integer(PCI_INTX_SPI_BASE, DEFAULT_PCI_INTX_SPI_BASE, 0, MAX_SPIS - 4,
                        "the host PCI bridge's interrupt-map: INTA..INTD of slot 0 are SPIs base..base+3, "
                                + "swizzled by slot, level-high; a PCI function's scenario line must be the one it gives")
                        .withSource("drivers/pci/of.c: of_irq_parse_and_map_pci; hw/arm/virt.c: create_pcie_irq_map"));
    }

    /** KVM's vGIC; a Linux guest runs at EL1 and uses EOImode 0. */
    static List<ConfigKey> virtualSchema() {
        return List.of(
                ConfigKey.choice(KVM_VERSION, KvmRelease.NEWEST.label(), KvmRelease.labels(),
                        "the release whose arch/arm64/kvm/vgic runs: linux-6.18 keeps active interrupts in the list "
                                + "registers and notifies irqfd resamplers at every EOI maintenance fold; linux-6.19 (LR "
                                + "overflow series) sorts pending first, replays EOIcount, traps DIR while SPIs are in "
                                + "flight, kicks every vCPU for the first queued SPI and, on GICv3, notifies only a "
                                + "deactivation KVM saw active (7.0 does not differ in what is modelled)")
                        .withSource("arch/arm64/kvm/vgic/vgic.c: vgic_irq_cmp, vgic_flush_lr_state, vgic_queue_irq_unlock; "
                                + "vgic-v3.c: vgic_v3_fold_lr_state, vgic_v3_deactivate (v6.19)"),
                ConfigKey.choice(EOI_MODE, "0", List.of("0", "1"),
                        "EOI mode the guest programs on its virtual CPU interface (a Linux guest at EL1: 0)")
                        .withSource("GIC spec IHI0069 ICH_VMCR_EL2.VEOIM; drivers/irqchip/irq-gic-v3.c (a guest at EL1 uses EOImode 0)"),
                ConfigKey.integer(LIST_REGISTERS, 4, 1, 16,
                        "list registers per vCPU (ICH_VTR_EL2.ListRegs + 1; most implementations have 4)")
                        .withUnit("list registers")
                        .withSource("GIC spec IHI0069 ICH_VTR_EL2.ListRegs; arch/arm64/kvm/vgic/vgic-v3.c: vgic_v3_probe"),
                ConfigKey.flag(MASK_NOTIFIERS, false,
                        "fire mask notifiers on guest GICD_ISENABLER/ICENABLER (upstream KVM has none on arm64;"
                                + " also enabled by fix irqfd-mask-notifier)")
                        .withSource("arch/x86/kvm/irq_comm.c: kvm_fire_mask_notifiers (x86 only upstream)"),
                ConfigKey.choice(RESAMPLE_ORDER, ResampleOnEnable.Order.CLEAR_BEFORE_NOTIFY.label(),
                        List.of(ResampleOnEnable.Order.CLEAR_BEFORE_NOTIFY.label(),
                                ResampleOnEnable.Order.NOTIFY_BEFORE_CLEAR.label()),
                        "fix vgic-resample-on-enable: drop line_level before notifying the irqfd resampler, or"
                                + " notify first as x86 does under ioapic->lock (without that lock a re-injection"
                                + " between the two is erased)")
                        .withSource("arch/x86/kvm/ioapic.c: ioapic_write_indirect (fef8f2b90edb, Linux 6.3);"
                                + " arch/arm64/kvm/vgic/vgic-mmio.c: vgic_mmio_write_senable"),
                ConfigKey.duration(RESAMPLE_WINDOW, 0,
                        "fix vgic-resample-on-enable: time between its two steps, when another CPU's injection"
                                + " may land (0: one step; a range for explore)")
                        .withSource("arch/arm64/kvm/vgic/vgic-irqfd.c: kvm_arch_set_irq_inatomic;"
                                + " vgic.c: vgic_validate_injection"));
    }

    /** The order and window of fix vgic-resample-on-enable's two steps. */
    static ResampleOnEnable resampleOnEnable(Config config, String component) {
        try {
            return new ResampleOnEnable(ResampleOnEnable.Order.parse(config.text(RESAMPLE_ORDER)),
                    config.durationNs(RESAMPLE_WINDOW));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(component + ": configuration key '" + RESAMPLE_ORDER + "' is "
                    + e.getMessage(), e);
        }
    }

    static KvmRelease release(Config config, String component) {
        try {
            return KvmRelease.of(config.text(KVM_VERSION));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(component + ": configuration key '" + KVM_VERSION + "' is '"
                    + config.text(KVM_VERSION) + "'; allowed values: " + String.join(", ", KvmRelease.labels()), e);
        }
    }

    static int eoiMode(Config config, String component) {
        String v = config.text(EOI_MODE);
        if (!v.equals("0") && !v.equals("1")) {
            throw new IllegalArgumentException(component + ": configuration key '" + EOI_MODE + "' is '" + v
                    + "'; allowed values: 0, 1");
        }
        return Integer.parseInt(v);
    }

    static int integer(Config config, String key, long min, long max, String component) {
        long v = config.integer(key);
        if (v < min || v > max) {
            throw new IllegalArgumentException(component + ": configuration key '" + key + "' is " + v
                    + "; allowed values: " + min + ".." + max);
        }
        return (int) v;
    }
}
