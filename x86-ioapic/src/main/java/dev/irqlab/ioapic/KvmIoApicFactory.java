package dev.irqlab.ioapic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds KVM's in-kernel IO-APIC ("kvm-ioapic").
 *
 * <p>Versions: {@code linux-6.2}, before any fix; {@code linux-6.3} (6.3 to 6.14) with
 * {@code resample-on-unmask} merged (commit fef8f2b90edb); {@code linux-6.15} (6.15 to 6.17, the
 * default: the newest modelled), which also rescans a vCPU after the EOI of a vector it intercepts only
 * for an earlier routing ({@code highest_stale_pending_ioapic_eoi}, "KVM: x86: Rescan I/O APIC routes
 * after EOI interception for old routing"; {@link HandledVectors#staleEoi}) — in the in-kernel IO-APIC
 * and with the split irqchip alike. {@code resample-on-unmask} is also on when the scenario selects
 * that fix; {@code ioapic-ack-pending} only then.
 */
public final class KvmIoApicFactory implements VirtualControllerFactory {

    private final KvmIoApic.Factory ioapics;
    private final LinuxIoApicChip.Factory guestDriver;

    @Inject
    KvmIoApicFactory(KvmIoApic.Factory ioapics, LinuxIoApicChip.Factory guestDriver) {
        this.ioapics = ioapics;
        this.guestDriver = guestDriver;
    }

    public static final String KVM_VERSION = "kvm-version";
    public static final String VECTOR_HASHING = "vector-hashing";
    public static final String APICV = "apicv";
    public static final String KVM_FLAVOUR = "kvm-flavour";
    static final List<String> KVM_FLAVOURS = List.of("mainline", "pvm");
    public static final String FIX_RESAMPLE_ON_UNMASK = "resample-on-unmask";
    public static final String FIX_ACK_PENDING = "ioapic-ack-pending";
    static final List<String> KVM_VERSIONS = List.of("linux-6.2", "linux-6.3", "linux-6.15");
    /** The newest modelled behaviour (6.15 to 6.17 do not differ in what is modelled here). */
    static final String DEFAULT_KVM_VERSION = "linux-6.15";
    /** {@code HZ / 100} jiffies at the Kconfig default HZ=250: 2 jiffies = 8 ms. */
    static final long DEFAULT_EOI_INJECT_DELAY_NS = eoiInjectDelayNs(IrqCore.KCONFIG_DEFAULT_HZ);

    /**
     * ioapic.c {@code schedule_delayed_work(&ioapic->eoi_inject, HZ / 100)}: {@code HZ / 100}
     * jiffies (integer division) of {@code 1e9 / HZ} ns each, HZ being the host kernel's
     * ({@code config.host-kernel.hz}): 8 ms at 250, 10 ms at 100, 300 and 1000.
     */
    static long eoiInjectDelayNs(int hz) {
        return (hz / 100) * 1_000_000_000L / hz;
    }

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.choice(KVM_VERSION, DEFAULT_KVM_VERSION, KVM_VERSIONS,
                        "KVM IO-APIC behaviour: linux-6.2 injects a pending level irq on unmask; linux-6.3 (to 6.14) "
                                + "resamples through the irqfd resampler instead (fef8f2b90edb, = fix resample-on-unmask); "
                                + "linux-6.15 (to 6.17) also stops intercepting a vector left over from an earlier "
                                + "routing once its EOI came (highest_stale_pending_ioapic_eoi), with the split irqchip too")
                        .withSource("arch/x86/kvm/ioapic.c: ioapic_write_indirect (fef8f2b90edb, v6.3); arch/x86/kvm/"
                                + "irq.c: kvm_scan_ioapic_irq, lapic.c: kvm_ioapic_send_eoi (v6.15)"),
                ConfigKey.flag(VECTOR_HASHING, true,
                        "kvm.ko vector_hashing: a lowest-priority interrupt goes to the (vector mod n)-th destination "
                                + "(lapic.c kvm_vector_to_index); false: lowest apic_arb_prio")
                        .withSource("arch/x86/kvm/lapic.c: kvm_apic_map_get_dest_lapic, kvm_vector_to_index"),
                ConfigKey.choice(KVM_FLAVOUR, "mainline", KVM_FLAVOURS,
                        "KVM vendor backend: mainline (kvm_intel/kvm_amd: the guest's LAPIC EOI acks the pin) or pvm "
                                + "(kvm_pvm: KVM writes the EOI itself at delivery, pvm_deliver_pending_event; the resampler "
                                + "runs before the guest handler)")
                        .withSource("kvm_pvm (not mainline), kernel 6.18.44: pvm_deliver_pending_event -> kvm_lapic_reg_write"
                                + "(APIC_EOI) -> apic_set_eoi -> kvm_ioapic_update_eoi (shared/tools/kvm-probe --trace)"),
                ConfigKey.flag(APICV, true,
                        "APICv/AVIC: only EOIs of vectors in the EOI-exit bitmap exit; false: every LAPIC EOI exits")
                        .withSource("arch/x86/kvm/lapic.c: kvm_apic_set_eoi_accelerated; arch/x86/kvm/vmx/vmx.c: vmx_load_eoi_exitmap"));
    }

    /**
     * The whole in-kernel irqchip, or, when the VMM brings its own IO-APIC ({@code KVM_CAP_SPLIT_IRQCHIP}),
     * KVM's local APICs and MSI routing only ({@link KvmSplitIrqchip}): the in-kernel IO-APIC's fixes
     * and {@code kvm-flavour} then have nothing to act on, and asking for them is an error.
     */
    @Override
    public VirtualInterruptController create(VirtualControllerContext context) {
        Config c = context.config();
        if (context.userspaceIoApic() != null) {
            for (String fix : List.of(FIX_RESAMPLE_ON_UNMASK, FIX_ACK_PENDING)) {
                if (context.fixes().contains(fix)) {
                    throw new IllegalArgumentException("fix '" + fix + "' changes KVM's in-kernel IO-APIC, but the VMM "
                            + "emulates the IO-APIC (" + context.userspaceIoApic().name() + ", KVM_CAP_SPLIT_IRQCHIP); "
                            + "choose fix 'none' or the VMM's kernel-irqchip 'on'");
                }
            }
            if (!c.text(KVM_FLAVOUR).equals("mainline")) {
                throw new IllegalArgumentException("configuration key '" + KVM_FLAVOUR + "' is '" + c.text(KVM_FLAVOUR)
                        + "'; only 'mainline' is modelled with the split irqchip");
            }
            return new KvmSplitIrqchip(guestDriver, context.sim(), context.name(), context.vcpus(), context.exits(),
                    context.userspaceIoApic(), c.flag(APICV), c.flag(VECTOR_HASHING), rescansStaleEoi(version(c)));
        }
        String version = version(c);
        boolean resample = context.fixes().contains(FIX_RESAMPLE_ON_UNMASK) || !fixesMergedIn(c).isEmpty();
        boolean ackPending = context.fixes().contains(FIX_ACK_PENDING);
        String flavour = c.text(KVM_FLAVOUR);
        if (!KVM_FLAVOURS.contains(flavour)) {
            throw new IllegalArgumentException("configuration key '" + KVM_FLAVOUR + "' is '" + flavour + "'; allowed: "
                    + KVM_FLAVOURS);
        }
        return ioapics.create(context.sim(), context.name(), context.vcpus(), context.exits(), new KvmIoApicSpec(
                resample, ackPending, c.flag(APICV), eoiInjectDelayNs(context.hostHz()),
                c.flag(VECTOR_HASHING), flavour.equals("pvm"), rescansStaleEoi(version)));
    }

    private static String version(Config c) {
        String version = c.text(KVM_VERSION);
        if (!KVM_VERSIONS.contains(version)) {
            throw new IllegalArgumentException("configuration key '" + KVM_VERSION + "' is '" + version + "'; allowed: "
                    + KVM_VERSIONS);
        }
        return version;
    }

    /** Linux 6.15: lapic.c kvm_ioapic_send_eoi rescans after the EOI of highest_stale_pending_ioapic_eoi. */
    static boolean rescansStaleEoi(String version) {
        return KVM_VERSIONS.indexOf(version) >= KVM_VERSIONS.indexOf("linux-6.15");
    }

    /** kvm_pvm writes the guest's LAPIC EOI at delivery (pvm_deliver_pending_event). */
    @Override
    public boolean acksAtDelivery(Config config) {
        return config.text(KVM_FLAVOUR).equals("pvm");
    }

    /**
     * Linux 6.3 merged resample-on-unmask (fef8f2b90edb, arch/x86/kvm/ioapic.c ioapic_write_indirect);
     * every later version keeps it.
     */
    @Override
    public Set<String> fixesMergedIn(Config config) {
        return config.text(KVM_VERSION).equals("linux-6.2") ? Set.of() : Set.of(FIX_RESAMPLE_ON_UNMASK);
    }

    /** KVM_CREATE_IRQCHIP's IO-APIC is x86's: its host is the IO-APIC. */
    @Override
    public List<String> matrixHosts() {
        return List.of("ioapic");
    }

    /**
     * Linux 6.2 for every row: the matrix compares the fixes with KVM before any of them, and 6.3 and
     * the default, 6.15, have {@code resample-on-unmask} merged (fef8f2b90edb; {@link #fixesMergedIn}), so its
     * upstream row would be that fix's row. Every fix modelled here applies to 6.2.
     */
    @Override
    public Map<String, String> matrixConfig(String fix) {
        return Map.of(KVM_VERSION, KVM_VERSIONS.get(0));
    }

    @Override
    public String summary() {
        return "KVM's in-kernel IO-APIC and LAPIC EOI handling, with ack and mask notifiers";
    }

    @Override
    public String source() {
        return "arch/x86/kvm/ioapic.c, lapic.c, irq.c (v6.2 / v6.3 to v6.14 / v6.15 to v6.17)";
    }
}
