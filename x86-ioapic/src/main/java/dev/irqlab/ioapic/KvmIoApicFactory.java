package dev.irqlab.ioapic;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.List;

/**
 * Builds KVM's in-kernel IO-APIC ("kvm-ioapic").
 *
 * <p>{@code resample-on-unmask} is on when the scenario selects that fix or sets
 * {@code kvm-version: linux-6.3} (commit fef8f2b90edb was first released in 6.3); the default
 * {@code linux-6.2} is the unfixed behaviour. {@code ioapic-ack-pending} is on only when selected as a fix.
 */
public final class KvmIoApicFactory implements VirtualControllerFactory {

    public static final String KVM_VERSION = "kvm-version";
    public static final String EOI_INJECT_DELAY = "eoi-inject-delay";
    public static final String APICV = "apicv";
    public static final String FIX_RESAMPLE_ON_UNMASK = "resample-on-unmask";
    public static final String FIX_ACK_PENDING = "ioapic-ack-pending";
    static final List<String> KVM_VERSIONS = List.of("linux-6.2", "linux-6.3");
    /** {@code HZ / 100} jiffies = 10 ms. */
    static final long DEFAULT_EOI_INJECT_DELAY_NS = 10_000_000L;

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.choice(KVM_VERSION, "linux-6.2", KVM_VERSIONS,
                        "KVM IO-APIC behaviour: linux-6.2 injects a pending level irq on unmask; linux-6.3 "
                                + "(fef8f2b90edb) resamples through the irqfd resampler instead (= fix resample-on-unmask)")
                        .withSource("arch/x86/kvm/ioapic.c: ioapic_write_indirect (fef8f2b90edb, v6.3)"),
                ConfigKey.duration(EOI_INJECT_DELAY, DEFAULT_EOI_INJECT_DELAY_NS,
                        "delay of the re-injection after 10000 successive level EOIs (ioapic.c schedule_delayed_work HZ/100)")
                        .withSource("arch/x86/kvm/ioapic.c: kvm_ioapic_update_eoi_one (IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT)"),
                ConfigKey.flag(APICV, true,
                        "APICv/AVIC: only EOIs of vectors in the EOI-exit bitmap exit; false: every LAPIC EOI exits")
                        .withSource("arch/x86/kvm/lapic.c: kvm_apic_set_eoi_accelerated; arch/x86/kvm/vmx/vmx.c: vmx_load_eoi_exitmap"));
    }

    @Override
    public VirtualInterruptController create(VirtualControllerContext context) {
        Config c = context.config();
        String version = c.text(KVM_VERSION);
        if (!KVM_VERSIONS.contains(version)) {
            throw new IllegalArgumentException("configuration key '" + KVM_VERSION + "' is '" + version + "'; allowed: "
                    + KVM_VERSIONS);
        }
        boolean resample = context.fixes().contains(FIX_RESAMPLE_ON_UNMASK) || version.equals("linux-6.3");
        boolean ackPending = context.fixes().contains(FIX_ACK_PENDING);
        return new KvmIoApic(context.sim(), context.name(), context.vcpus(), context.exits(), resample, ackPending,
                c.flag(APICV), c.durationNs(EOI_INJECT_DELAY));
    }

    @Override
    public String summary() {
        return "KVM's in-kernel IO-APIC and LAPIC EOI handling, with ack and mask notifiers";
    }

    @Override
    public String source() {
        return "arch/x86/kvm/ioapic.c, lapic.c (v6.2 / v6.3)";
    }
}
