package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.AckNotifier;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KVM's IO-APIC and local-APIC rules of Linux 6.17 (arch/x86/kvm/ioapic.c, lapic.c), each test naming
 * the function it pins. Entries are written as a guest writes them: IOREGSEL, then IOWIN, high dword
 * first.
 */
class KvmIoApicRulesTest {

    static final int PIN = 5;

    private final SimHarness harness = new SimHarness();
    private final RecordingExits exits = new RecordingExits();

    private KvmIoApic ioapic(int vcpus, boolean apicv, boolean vectorHashing) {
        KvmIoApic a = new KvmIoApic(harness.sim(), "vm0.kvm-ioapic", vcpus, exits, false, false, apicv,
                KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, vectorHashing);
        for (int cpu = 0; cpu < vcpus; cpu++) {
            a.connectCpu(cpu, asserted -> { });
        }
        return a;
    }

    private KvmIoApic ioapic(int vcpus) {
        return ioapic(vcpus, true, true);
    }

    private static void writeEntry(KvmIoApic a, int pin, RedirectionEntry e) {
        a.registers().write("IOREGSEL", 0, 0x11 + 2 * pin);
        a.registers().write("IOWIN", 0, e.high() & 0xffff_ffffL);
        a.registers().write("IOREGSEL", 0, 0x10 + 2 * pin);
        a.registers().write("IOWIN", 0, e.low() & 0xffff_ffffL);
    }

    private static RedirectionEntry entry(int vector, boolean level, int mode, boolean logical, int dest) {
        return RedirectionEntry.MASKED.withMask(false).withVector(vector).withLevel(level).withDeliveryMode(mode)
                .withLogicalDestination(logical).withDestination(dest);
    }

    private static boolean remoteIrr(KvmIoApic a, int pin) {
        return a.state(pin).entry().remoteIrr();
    }

    private static List<Integer> withIrr(KvmIoApic a, int vcpus, int vector) {
        List<Integer> out = new ArrayList<>();
        for (int cpu = 0; cpu < vcpus; cpu++) {
            if (a.localApic(cpu).irr(vector)) {
                out.add(cpu);
            }
        }
        return out;
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_reset: every entry of a new KVM IO-APIC is only masked (0x10000)")
    void resetStateMaskedOnly() {
        KvmIoApic a = ioapic(1);
        for (int pin = 0; pin < KvmIoApic.PINS; pin++) {
            a.registers().write("IOREGSEL", 0, 0x10 + 2 * pin);
            assertEquals(0x10000L, a.registers().read("IOWIN", 0), "low dword of pin " + pin);
            a.registers().write("IOREGSEL", 0, 0x11 + 2 * pin);
            assertEquals(0L, a.registers().read("IOWIN", 0), "high dword of pin " + pin);
        }
    }

    @Test
    @DisplayName("ioapic.c ioapic_service + lapic.c kvm_irq_delivery_to_apic_fast: a destination with no vCPU "
            + "answers 0 and leaves Remote IRR clear; retargeting services the pin again")
    void noDestinationThenRetarget() {
        KvmIoApic a = ioapic(2);
        writeEntry(a, PIN, entry(0x40, true, RedirectionEntry.DELIVERY_FIXED, false, 7));
        assertEquals(0, a.setIrq(PIN, 0, true));
        assertFalse(remoteIrr(a, PIN));
        assertEquals(List.of(), withIrr(a, 2, 0x40));
        writeEntry(a, PIN, entry(0x40, true, RedirectionEntry.DELIVERY_FIXED, false, 1));
        assertEquals(List.of(1), withIrr(a, 2, 0x40), "ioapic_write_indirect: level entry with irr set is serviced");
        assertTrue(remoteIrr(a, PIN));
    }

    @Test
    @DisplayName("lapic.c kvm_vector_to_index: lowest priority goes to the (vector mod n)-th destination")
    void lowestPriorityVectorHashing() {
        KvmIoApic a = ioapic(4);
        writeEntry(a, PIN, entry(0x41, false, RedirectionEntry.DELIVERY_LOWEST_PRIORITY, true, 0x0f));
        assertEquals(1, a.setIrq(PIN, 0, true));
        assertEquals(List.of(1), withIrr(a, 4, 0x41), "0x41 mod 4 = 1: the second of vCPUs 0-3");
        a.setIrq(PIN, 0, false);
        writeEntry(a, PIN, entry(0x41, false, RedirectionEntry.DELIVERY_LOWEST_PRIORITY, true, 0x0c));
        a.setIrq(PIN, 0, true);
        assertEquals(List.of(1, 3), withIrr(a, 4, 0x41), "0x41 mod 2 = 1: the second of vCPUs 2, 3");
    }

    @Test
    @DisplayName("lapic.c kvm_apic_map_get_dest_lapic: a hashed bit with no local APIC behind it delivers nothing")
    void lowestPriorityHashedToMissingLapic() {
        KvmIoApic a = ioapic(2);
        writeEntry(a, PIN, entry(0x42, true, RedirectionEntry.DELIVERY_LOWEST_PRIORITY, true, 0x0f));
        assertEquals(0, a.setIrq(PIN, 0, true), "0x42 mod 4 = 2: logical ID bit 2, no vCPU 2");
        assertEquals(List.of(), withIrr(a, 2, 0x42));
        assertFalse(remoteIrr(a, PIN));
    }

    @Test
    @DisplayName("lapic.c kvm_apic_compare_prio: without vector_hashing the lowest apic_arb_prio wins, round robin")
    void lowestPriorityArbitrationWithoutHashing() {
        KvmIoApic a = ioapic(3, true, false);
        writeEntry(a, PIN, entry(0x43, false, RedirectionEntry.DELIVERY_LOWEST_PRIORITY, true, 0x07));
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.setIrq(PIN, 0, true);
            int cpu = withIrr(a, 3, 0x43).get(0);
            chosen.add(cpu);
            assertEquals(0x43, a.localApic(cpu).acknowledge());
            a.localApic(cpu).eoi();
            a.setIrq(PIN, 0, false);
        }
        assertEquals(List.of(0, 1, 2, 0), chosen);
    }

    @Test
    @DisplayName("lapic.c kvm_irq_delivery_to_apic: physical broadcast with lowest priority becomes fixed: every vCPU")
    void physicalBroadcastLowestPriorityReachesAll() {
        KvmIoApic a = ioapic(3);
        writeEntry(a, PIN, entry(0x44, false, RedirectionEntry.DELIVERY_LOWEST_PRIORITY, false, 0xff));
        assertEquals(3, a.setIrq(PIN, 0, true));
        assertEquals(List.of(0, 1, 2), withIrr(a, 3, 0x44));
    }

    @Test
    @DisplayName("lapic.c __apic_accept_irq: a software-disabled local APIC (SPIV bit 8 clear) refuses a fixed interrupt")
    void softwareDisabledLapicRefuses() {
        KvmIoApic a = ioapic(1);
        a.registers().write("SPIV", 0, 0xff);
        writeEntry(a, PIN, entry(0x45, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertEquals(0, a.setIrq(PIN, 0, true));
        assertFalse(a.localApic(0).irr(0x45));
        assertFalse(remoteIrr(a, PIN), "ioapic_service: delivery answered 0");
        a.registers().write("SPIV", 0, 0x1ff);
        writeEntry(a, PIN, entry(0x45, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertTrue(a.localApic(0).irr(0x45), "the next entry write services the pin");
    }

    @Test
    @DisplayName("lapic.c __apic_accept_irq: NMI, SMI and INIT on a level entry answer 1, so ioapic_service sets "
            + "Remote IRR and no EOI clears it; ExtINT answers 0")
    void nmiSmiInitSetRemoteIrr() {
        int pin = PIN;
        for (int mode : new int[] {RedirectionEntry.DELIVERY_NMI, RedirectionEntry.DELIVERY_SMI,
                RedirectionEntry.DELIVERY_INIT}) {
            KvmIoApic a = ioapic(1);
            writeEntry(a, pin, entry(0x46, true, mode, false, 0));
            assertEquals(1, a.setIrq(pin, 0, true), "mode " + mode);
            assertTrue(remoteIrr(a, pin), "mode " + mode);
            assertEquals(-1, a.setIrq(pin, 1, true), "ioapic_service: level with Remote IRR set");
            assertFalse(a.localApic(0).irr(0x46), "no vector is accepted for mode " + mode);
        }
        KvmIoApic a = ioapic(1);
        writeEntry(a, pin, entry(0x46, true, RedirectionEntry.DELIVERY_EXTINT, false, 0));
        assertEquals(0, a.setIrq(pin, 0, true));
        assertFalse(remoteIrr(a, pin));
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_scan_entry: only vCPUs the entry targets intercept its EOI; an EOI elsewhere "
            + "neither exits (APICv) nor runs the ack notifiers")
    void eoiInterceptedOnlyOnTargets() {
        KvmIoApic a = ioapic(2);
        List<Integer> acked = new ArrayList<>();
        a.addAckNotifier(PIN, acked::add);
        writeEntry(a, PIN, entry(0x47, true, RedirectionEntry.DELIVERY_FIXED, false, 1));
        assertTrue(a.handlesVector(1, 0x47));
        assertFalse(a.handlesVector(0, 0x47));
        assertEquals(1, a.setIrq(PIN, 0, true));
        // the same vector reaches vCPU 0 another way (an IPI)
        a.localApic(0).accept(0x47, true);
        assertEquals(PIN, a.acknowledge(0));
        exits.clear();
        a.registers().write("EOI", 0, 0);
        assertEquals(List.of(), exits.all(), "not in vCPU 0's EOI-exit bitmap");
        assertEquals(List.of(), acked);
        assertTrue(remoteIrr(a, PIN));
        assertEquals(PIN, a.acknowledge(1));
        a.setIrq(PIN, 0, false);
        a.registers().write("EOI", 1, 0);
        assertEquals(List.of("apic-eoi:vector 0x47"), exits.all());
        assertEquals(List.of(PIN), acked);
        assertFalse(remoteIrr(a, PIN));
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_scan_entry (kvm_apic_pending_eoi): a vCPU keeps intercepting a vector still "
            + "in service after the entry moved away")
    void retargetKeepsPendingVector() {
        KvmIoApic a = ioapic(2);
        writeEntry(a, PIN, entry(0x48, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        writeEntry(a, PIN, entry(0x48, true, RedirectionEntry.DELIVERY_FIXED, false, 1));
        assertTrue(a.handlesVector(0, 0x48), "old destination, vector in its ISR");
        assertTrue(a.handlesVector(1, 0x48), "new destination");
        a.setIrq(PIN, 0, false);
        a.registers().write("EOI", 0, 0);
        assertFalse(remoteIrr(a, PIN));
    }

    @Test
    @DisplayName("ioapic.c ioapic_write_indirect -> x86.c vcpu_scan_ioapic: a write that changes only the mask "
            + "still rescans the target, which reads the IRR it has now (kvm_apic_pending_eoi)")
    void maskWriteRescansWithCurrentIrr() {
        KvmIoApic a = ioapic(2);
        writeEntry(a, PIN, entry(0x50, true, RedirectionEntry.DELIVERY_FIXED, false, 1));
        writeEntry(a, PIN + 1, entry(0x51, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertFalse(a.handlesVector(0, 0x50));
        a.localApic(0).accept(0x50, true); // the vector reaches vCPU 0 another way
        assertFalse(a.handlesVector(0, 0x50), "no scan of vCPU 0 since");
        writeEntry(a, PIN + 1, entry(0x51, true, RedirectionEntry.DELIVERY_FIXED, false, 0).withMask(true));
        assertTrue(a.handlesVector(0, 0x50), "pending in vCPU 0's IRR at the scan the mask write requested");
        assertTrue(a.handlesVector(0, 0x51));
        assertFalse(a.handlesVector(1, 0x51));
        assertTrue(a.handlesVector(1, 0x50));
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_scan_entry: an edge entry is scanned only while its pin has an ack notifier "
            + "(kvm_arch_post_irq_ack_notifier_list_update rescans); a new vector replaces the old one")
    void scanFollowsAckNotifiersAndVector() {
        KvmIoApic a = ioapic(1);
        writeEntry(a, PIN, entry(0x52, false, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertFalse(a.handlesVector(0, 0x52), "edge, no ack notifier");
        AckNotifier n = pin -> { };
        a.addAckNotifier(PIN, n);
        assertTrue(a.handlesVector(0, 0x52));
        writeEntry(a, PIN, entry(0x53, false, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertFalse(a.handlesVector(0, 0x52));
        assertTrue(a.handlesVector(0, 0x53));
        a.notifiers().removeAckNotifier(PIN, n);
        assertFalse(a.handlesVector(0, 0x53));
    }

    @Test
    @DisplayName("guest io_apic.c ioapic_ack_level without APICv: the TMR read (x2APIC RDMSR) and the EOI exit")
    void tmrReadTrappedWithoutApicv() {
        KvmIoApic a = ioapic(1, false, true);
        ChipSetup.configure(a.chip(), PIN, Trigger.LEVEL_HIGH);
        a.chip().unmask(PIN);
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        exits.clear();
        a.chip().eoi(PIN);
        assertEquals(List.of("sysreg:TMR", "apic-eoi:vector 0x35"), exits.all());
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_update_eoi_one: the DEBUG-only ASSERT does not stop a level EOI of an entry "
            + "rewritten as edge; the EOI proceeds and re-services the pin")
    void levelEoiOnEdgeEntryProceeds() {
        KvmIoApic a = ioapic(1);
        List<Integer> acked = new ArrayList<>();
        a.addAckNotifier(PIN, acked::add);
        writeEntry(a, PIN, entry(0x49, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        assertTrue(a.localApic(0).tmr(0x49));
        writeEntry(a, PIN, entry(0x49, false, RedirectionEntry.DELIVERY_FIXED, false, 0));
        assertFalse(remoteIrr(a, PIN), "an edge write clears Remote IRR");
        a.registers().write("EOI", 0, 0);
        assertEquals(List.of(PIN), acked);
        assertTrue(a.localApic(0).irr(0x49), "irr still set with the line high: ioapic_service delivers again");
    }

    @Test
    @DisplayName("ioapic.c kvm_ioapic_update_eoi_one: the storm re-injection waits HZ / 100 jiffies of the host")
    void eoiInjectDelayFollowsHz() {
        assertEquals(8_000_000L, KvmIoApicFactory.eoiInjectDelayNs(250));
        assertEquals(10_000_000L, KvmIoApicFactory.eoiInjectDelayNs(100));
        assertEquals(10_000_000L, KvmIoApicFactory.eoiInjectDelayNs(300));
        assertEquals(10_000_000L, KvmIoApicFactory.eoiInjectDelayNs(1000));
    }

    @Test
    @DisplayName("lapic.c kvm_apic_match_dest: up to 255 vCPUs (xAPIC IDs); flat logical IDs only for vCPUs 0-7")
    void vcpuCount() {
        KvmIoApic a = ioapic(16);
        writeEntry(a, PIN, entry(0x4a, false, RedirectionEntry.DELIVERY_FIXED, false, 12));
        assertEquals(1, a.setIrq(PIN, 0, true));
        assertEquals(List.of(12), withIrr(a, 16, 0x4a));
        a.setIrq(PIN, 0, false);
        writeEntry(a, PIN, entry(0x4b, false, RedirectionEntry.DELIVERY_FIXED, true, 0x81));
        assertEquals(2, a.setIrq(PIN, 0, true));
        assertEquals(List.of(0, 7), withIrr(a, 16, 0x4b));
        new KvmIoApic(harness.sim(), "big", 255, exits, false, false, true, 1, true);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new KvmIoApic(harness.sim(), "too-big", 256, exits, false, false, true, 1, true));
        assertTrue(e.getMessage().contains("1..255"), e.getMessage());
        assertEquals(InterruptController.SPURIOUS, ioapic(1).acknowledge(0));
    }

    @ParameterizedTest(name = "Linux 6.15+: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ioapic.c kvm_ioapic_scan_entry -> irq.c kvm_scan_ioapic_irq, lapic.c kvm_ioapic_send_eoi: after "
            + "the EOI of the vector left in flight by a retarget, 6.15 rescans the old vCPU and stops intercepting "
            + "it there (highest_stale_pending_ioapic_eoi); before 6.15 it stays intercepted until another scan")
    void staleEoiRescans(boolean v615) {
        KvmIoApic a = new KvmIoApic(new LinuxIoApicChip.Factory(), harness.sim(), "vm0.kvm-ioapic", 2, exits,
                new KvmIoApicSpec(true, false, true, KvmIoApicFactory.DEFAULT_EOI_INJECT_DELAY_NS, true, false, v615));
        a.connectCpu(0, asserted -> { });
        a.connectCpu(1, asserted -> { });
        writeEntry(a, PIN, entry(0x48, true, RedirectionEntry.DELIVERY_FIXED, false, 0));
        a.setIrq(PIN, 0, true);
        assertEquals(PIN, a.acknowledge(0));
        writeEntry(a, PIN, entry(0x48, true, RedirectionEntry.DELIVERY_FIXED, false, 1));
        assertTrue(a.handlesVector(0, 0x48), "old destination, vector in its ISR");
        a.setIrq(PIN, 0, false);
        exits.clear();
        a.registers().write("EOI", 0, 0);
        assertEquals(List.of("apic-eoi:vector 0x48"), exits.all(), "the in-flight EOI is intercepted either way");
        assertFalse(a.state(PIN).entry().remoteIrr(), "kvm_ioapic_update_eoi cleared Remote IRR");
        assertEquals(!v615, a.handlesVector(0, 0x48), "6.15: no longer intercepted on the old vCPU");
        assertTrue(a.handlesVector(1, 0x48));
    }
}
