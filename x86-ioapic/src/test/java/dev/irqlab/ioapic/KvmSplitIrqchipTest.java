package dev.irqlab.ioapic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.tck.ChipSetup;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KVM's half of KVM_CAP_SPLIT_IRQCHIP: arch/x86/kvm/irq.c, lapic.c, x86.c (Linux 6.17). */
class KvmSplitIrqchipTest {

    static final int PIN = 16;
    static final long VMM_NS = 7_000;
    private final SimHarness harness = new SimHarness();
    private final List<String> exits = new ArrayList<>();
    private final VmmIoapic vmm = new VmmIoapic();

    /** A user-space IO-APIC with plain register semantics that records what KVM hands it. */
    private static final class VmmIoapic implements UserspaceIoApic {
        final long[] entries = new long[24];
        final List<String> accesses = new ArrayList<>();
        final List<Integer> eois = new ArrayList<>();
        int ioregsel;

        VmmIoapic() {
            java.util.Arrays.fill(entries, RedirectionEntry.MASKED.bits());
        }

        @Override
        public String name() {
            return "vmm.ioapic";
        }

        @Override
        public int pins() {
            return 24;
        }

        @Override
        public int version() {
            return 0x20;
        }

        @Override
        public int mmioRead(int offset) {
            accesses.add("read 0x" + Integer.toHexString(offset));
            if (offset == 0x10 && ioregsel >= 0x10) {
                int i = (ioregsel - 0x10) >> 1;
                return (ioregsel & 1) != 0 ? (int) (entries[i] >>> 32) : (int) entries[i];
            }
            return offset == 0 ? ioregsel : 0;
        }

        @Override
        public void mmioWrite(int offset, int value) {
            accesses.add("write 0x" + Integer.toHexString(offset));
            if (offset == 0) {
                ioregsel = value & 0xff;
            } else if (offset == 0x10 && ioregsel >= 0x10) {
                int i = (ioregsel - 0x10) >> 1;
                entries[i] = (ioregsel & 1) != 0 ? (entries[i] & 0xffff_ffffL) | ((long) value << 32)
                        : (entries[i] & ~0xffff_ffffL) | (value & 0xffff_ffffL);
            }
        }

        @Override
        public void eoi(int vector) {
            eois.add(vector);
        }

        @Override
        public long exitHandlingNs() {
            return VMM_NS;
        }

        @Override
        public long entry(int pin) {
            return entries[pin];
        }

        @Override
        public boolean irr(int pin) {
            return false;
        }
    }

    private final ExitSink sink = new ExitSink() {
        @Override
        public void exit(ExitCause cause, String detail) {
            exits.add(cause.label() + ":" + detail);
        }

        @Override
        public void exitToVmm(ExitCause cause, String detail, long vmmNs) {
            exits.add(cause.label() + ":" + detail + "+" + vmmNs);
        }
    };

    private KvmSplitIrqchip chip(boolean apicv) {
        return chip(apicv, 1, true);
    }

    private KvmSplitIrqchip chip(boolean apicv, int vcpus, boolean rescanStaleEoi) {
        KvmSplitIrqchip c = new KvmSplitIrqchip(new LinuxIoApicChip.Factory(), harness.sim(), "vm0.kvm-ioapic", vcpus,
                sink, vmm, apicv, true, rescanStaleEoi);
        for (int cpu = 0; cpu < vcpus; cpu++) {
            c.connectCpu(cpu, asserted -> { });
        }
        return c;
    }

    @Test
    @DisplayName("irq.c kvm_arch_irqfd_allowed: no resample irqfd without irqchip_full")
    void notFull() {
        assertFalse(chip(true).irqchipFull());
    }

    @Test
    @DisplayName("every access of the guest's io_apic.c to the IO-APIC page is KVM_EXIT_MMIO to the VMM, at its cost")
    void mmioGoesToVmm() {
        KvmSplitIrqchip c = chip(true);
        ChipSetup.configure(c.chip(), PIN, Trigger.LEVEL_HIGH);
        exits.clear();
        vmm.accesses.clear();
        c.chip().mask(PIN);
        assertEquals(List.of("mmio:IOREGSEL+7000", "mmio:IOWIN+7000", "mmio:IOWIN+7000"), exits);
        assertEquals(List.of("write 0x0", "write 0x10", "read 0x10"), vmm.accesses);
        assertTrue(new RedirectionEntry(vmm.entries[PIN]).masked());
    }

    @Test
    @DisplayName("kvm_scan_ioapic_routes: a level MSI route aimed at the vCPU puts its vector in "
            + "ioapic_handled_vectors; kvm_ioapic_send_eoi then exits with KVM_EXIT_IOAPIC_EOI and the VMM takes it")
    void levelRouteEoiExitsToVmm() {
        KvmSplitIrqchip c = chip(true);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, true, false, false, 0).bits();
        assertEquals(0, c.setMsiRoute(PIN, 0xfee00000L, 0x8041));
        assertTrue(c.handlesVector(0, 0x41));
        assertTrue(c.setIrq(PIN, 0, true) > 0, "kvm_set_msi delivers");
        assertTrue(c.localApic(0).tmr(0x41), "a level MSI sets TMR (__apic_accept_irq)");
        assertEquals(PIN, c.acknowledge(0));
        c.registers().write("EOI", 0, 0);
        assertEquals(List.of("ioapic-eoi:vector 0x41+7000"), exits);
        assertEquals(List.of(0x41), vmm.eois);
    }

    @Test
    @DisplayName("an edge MSI route is not scanned: its EOI neither exits (APICv) nor reaches the VMM")
    void edgeRouteNotHandled() {
        KvmSplitIrqchip c = chip(true);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, false, false, false, 0).bits();
        c.setMsiRoute(PIN, 0xfee00000L, 0x0041);
        assertFalse(c.handlesVector(0, 0x41));
        c.setIrq(PIN, 0, true);
        c.acknowledge(0);
        c.registers().write("EOI", 0, 0);
        assertEquals(List.of(), exits);
        assertEquals(List.of(), vmm.eois);
    }

    @Test
    @DisplayName("without APICv every EOI write exits, to KVM only when the vector is not handled")
    void noApicvEoiExits() {
        KvmSplitIrqchip c = chip(false);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, false, false, false, 0).bits();
        c.setMsiRoute(PIN, 0xfee00000L, 0x0041);
        c.setIrq(PIN, 0, true);
        c.acknowledge(0);
        c.registers().write("EOI", 0, 0);
        assertEquals(List.of("apic-eoi:vector 0x41"), exits);
    }

    @Test
    @DisplayName("kvm_set_msi: level 0 does nothing; a route delivers whatever the VMM's entry says now "
            + "(KVM does not know the IO-APIC's mask bit)")
    void routeIgnoresVmmMask() {
        KvmSplitIrqchip c = chip(true);
        c.setMsiRoute(PIN, 0xfee00000L, 0x8041);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, true, false, true, 0).bits();
        assertEquals(-1, c.setIrq(PIN, 0, false));
        assertFalse(c.localApic(0).irr(0x41));
        assertTrue(c.setIrq(PIN, 0, true) > 0);
        assertTrue(c.localApic(0).irr(0x41));
        assertTrue(c.isMasked(PIN));
    }

    @Test
    @DisplayName("irq.c kvm_scan_ioapic_routes scans GSIs below KVM_CAP_SPLIT_IRQCHIP's args[0] only: a level "
            + "MSI route on GSI 24 delivers, sets TMR, and its EOI stays in KVM (no KVM_EXIT_IOAPIC_EOI)")
    void routeAboveReservedPinsNotScanned() {
        KvmSplitIrqchip c = chip(false);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, true, false, false, 0).bits();
        assertEquals(KvmSplitIrqchip.MAX_IRQ_ROUTES, c.gsis());
        assertEquals(0, c.setMsiRoute(24, 0xfee00000L, 0x8041));
        assertFalse(c.handlesVector(0, 0x41));
        assertTrue(c.setIrq(24, 0, true) > 0, "kvm_set_msi delivers from any GSI");
        assertTrue(c.localApic(0).tmr(0x41));
        assertEquals(PIN, c.acknowledge(0));
        c.registers().write("EOI", 0, 0);
        assertEquals(List.of("apic-eoi:vector 0x41"), exits);
        assertEquals(List.of(), vmm.eois);
        assertEquals(-dev.irqlab.api.Errno.EINVAL, c.setMsiRoute(KvmSplitIrqchip.MAX_IRQ_ROUTES, 0xfee00000L, 0x8041),
                "kvm_set_irq_routing: gsi >= KVM_MAX_IRQ_ROUTES");
    }

    @Test
    @DisplayName("kvm_set_irq on a GSI without a routing entry drops the injection")
    void noRouteDropped() {
        KvmSplitIrqchip c = chip(true);
        assertEquals(-1, c.setIrq(PIN, 0, true), "no routing entry: dropped");
    }

    @Test
    @DisplayName("the factory builds the split half when the VMM brings its IO-APIC, and refuses the in-kernel "
            + "IO-APIC's fixes there")
    void factory() {
        KvmIoApicFactory f = new KvmIoApicFactory(new KvmIoApic.Factory(new LinuxIoApicChip.Factory()),
                new LinuxIoApicChip.Factory());
        dev.irqlab.api.plugin.Config c = dev.irqlab.api.plugin.Config.defaults(f.schema());
        assertTrue(f.create(new dev.irqlab.api.plugin.VirtualControllerContext(harness.sim(), "vm0.kvm-ioapic", 1, c,
                java.util.Set.of(), sink, vmm)) instanceof KvmSplitIrqchip);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.create(new dev.irqlab.api.plugin.VirtualControllerContext(harness.sim(), "vm0.kvm-ioapic", 1, c,
                        java.util.Set.of(KvmIoApicFactory.FIX_RESAMPLE_ON_UNMASK), sink, vmm)));
        assertTrue(e.getMessage().contains("vmm.ioapic"), e.getMessage());
    }

    @Test
    @DisplayName("kvm_msi_to_lapic_irq: destination from address 19:12, logical from bit 2; vector, delivery "
            + "mode, level from data")
    void msiDecode() {
        RedirectionEntry e = KvmSplitIrqchip.msiToEntry(0xfee03004L, 0x8141);
        assertEquals(3, e.destination());
        assertTrue(e.logicalDestination());
        assertEquals(0x41, e.vector());
        assertEquals(RedirectionEntry.DELIVERY_LOWEST_PRIORITY, e.deliveryMode());
        assertTrue(e.level());
    }

    @ParameterizedTest(name = "Linux 6.15+: {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("irq.c kvm_scan_ioapic_irq, lapic.c kvm_ioapic_send_eoi: a level route moved to vCPU 1 while its "
            + "vector is in vCPU 0's ISR stays intercepted there; its EOI rescans vCPU 0 from 6.15 "
            + "(highest_stale_pending_ioapic_eoi), before 6.15 the vector stays intercepted")
    void staleEoiRescans(boolean v615) {
        KvmSplitIrqchip c = chip(true, 2, v615);
        vmm.entries[PIN] = RedirectionEntry.of(0x41, true, false, false, 0).bits();
        assertEquals(0, c.setMsiRoute(PIN, 0xfee00000L, 0x8041));
        assertTrue(c.setIrq(PIN, 0, true) > 0);
        assertEquals(PIN, c.acknowledge(0));
        vmm.entries[PIN] = RedirectionEntry.of(0x41, true, false, false, 1).bits();
        assertEquals(0, c.setMsiRoute(PIN, 0xfee01000L, 0x8041), "the VMM moves the route to APIC ID 1");
        assertTrue(c.handlesVector(0, 0x41), "old destination: the vector is in its ISR (kvm_apic_pending_eoi)");
        assertTrue(c.handlesVector(1, 0x41), "new destination");
        c.registers().write("EOI", 0, 0);
        assertEquals(List.of("ioapic-eoi:vector 0x41+7000"), exits, "the in-flight EOI still reaches the VMM");
        assertEquals(!v615, c.handlesVector(0, 0x41));
        assertTrue(c.handlesVector(1, 0x41));
    }
}
