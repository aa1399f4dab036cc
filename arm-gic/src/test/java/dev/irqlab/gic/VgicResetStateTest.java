package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * KVM's reset state of the vGIC (arch/arm64/kvm/vgic/vgic-init.c {@code kvm_vgic_dist_init}, Linux
 * 6.17-6.19) and what a Linux guest's GIC driver does to it at boot (drivers/irqchip/irq-gic-v3.c and
 * irq-gic.c {@code gic_dist_init}, irq-gic-common.c {@code gic_dist_config}, Linux 6.17).
 */
class VgicResetStateTest extends VgicFixture {

    private CpuLineProbe vcpu0;

    private Vgic fresh(GicVersion v, int spis) {
        h = new SimHarness();
        Vgic g = new Vgic(v, KvmRelease.NEWEST, h.sim(), "vm0." + v.virtualName(), 1, spis, 4, 0, false, false, sink,
                a -> new LinuxGicChip(a, 0));
        g.init();
        vcpu0 = new CpuLineProbe();
        g.connectCpu(0, vcpu0);
        vgic = g;
        return g;
    }

    /** The exits by register family ("GICD_ICFGR", "GICD_CTLR read"). */
    private Map<String, Integer> exitsByFamily() {
        Map<String, Integer> m = new TreeMap<>();
        for (Exit e : exits) {
            assertEquals(ExitCause.MMIO, e.cause());
            assertTrue(e.boot(), e.detail());
            String family = e.detail().replaceAll("[0-9]+", "");
            m.merge(family, 1, Integer::sum);
        }
        return m;
    }

    @Test
    @DisplayName("kvm_vgic_dist_init: every SPI edge, priority 0, disabled, vCPU 0; the distributor off")
    void kvmResetState() {
        for (GicVersion v : GicVersion.values()) {
            fresh(v, 64);
            assertTrue(s().edge(), v.name());
            assertEquals(0x00, s().priority());
            assertFalse(s().enabled());
            assertFalse(s().active());
            assertEquals(0, s().targetVcpu());
        }
        // vgic-mmio-v3.c vgic_mmio_read_v3_misc: ARE_NS and DS always, EnableGrp1A clear
        assertEquals(0x50, fresh(GicVersion.V3, 64).registers().read("GICD_CTLR", 0));
        Vgic v2 = fresh(GicVersion.V2, 64);
        assertEquals(0, v2.registers().read("GICD_CTLR", 0));
        // vgic-init.c: irq->targets = 0 for a vGICv2 SPI; vgic_mmio_read_target returns the stored byte
        assertEquals(0, v2.registers().read("GICD_ITARGETSR10", 0));
    }

    @Test
    @DisplayName("gic_dist_init on a vGICv3 with 256 SPIs: 364 MMIO exits, and the state Linux expects")
    void gicv3DistInitExits() {
        fresh(GicVersion.V3, 256);
        vgic.driverInit(0);
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "GICD_CTLR", 2, "GICD_CTLR read", 2, // disable + RWP, enable + RWP
                "GICD_IGROUPR", 8, "GICD_ICFGR", 16, "GICD_IPRIORITYR", 64,
                "GICD_ICACTIVER", 8, "GICD_ICENABLER", 8, "GICD_IROUTER", 256));
        assertEquals(expected, exitsByFamily());
        assertEquals(364, exits.size());
        assertFalse(s().edge());
        assertEquals(0xa0, s().priority());
        assertFalse(s().enabled());
        assertEquals(0, s().targetVcpu());
        assertEquals(0x52, vgic.registers().read("GICD_CTLR", 0));
    }

    @Test
    @DisplayName("gic_dist_init's loops: one exit per register in ascending order, every SPI routed to the boot CPU")
    void distInitRunsExitPerRegisterAndRouteEverySpi() {
        h = new SimHarness();
        distInitOnVcpu1(h.sim());
    }

    @Test
    @DisplayName("the same with a trace that reads no state changes (a run's usual trace): the same exits and state")
    void distInitRunsWithoutStateTrace() {
        distInitOnVcpu1(SimHarness.withoutTrace());
    }

    /**
     * gic_dist_init by vCPU 1 of two on 64 SPIs, one made (pending) before: irq-gic-v3.c
     * {@code gic_write_irouter(affinity, GICD_IROUTER + i * 8)} for i = 32..GIC_LINE_NR - 1;
     * vgic-mmio-v3.c {@code vgic_mmio_write_irouter}: mpidr = Aff0 1, target_vcpu vCPU 1, on every SPI.
     */
    private void distInitOnVcpu1(Sim sim) {
        vgic = new Vgic(GicVersion.V3, KvmRelease.NEWEST, sim, "vm0.vgic-v3", 2, 64, 4, 0, false, false, sink,
                a -> new LinuxGicChip(a, 0));
        vgic.init();
        vgic.setIrq(PIN, 0, true); // made before the boot: its registers' writes go through its object
        vgic.driverInit(1);
        List<String> routes = new ArrayList<>();
        List<String> priorities = new ArrayList<>();
        for (Exit e : exits) {
            assertTrue(e.boot(), e.detail());
            if (e.detail().startsWith("GICD_IROUTER")) {
                routes.add(e.detail());
            } else if (e.detail().startsWith("GICD_IPRIORITYR")) {
                priorities.add(e.detail());
            }
        }
        List<String> expectedRoutes = new ArrayList<>();
        for (int intid = 32; intid < 96; intid++) {
            expectedRoutes.add("GICD_IROUTER" + intid);
        }
        assertEquals(expectedRoutes, routes);
        List<String> expectedPriorities = new ArrayList<>();
        for (int n = 8; n < 24; n++) {
            expectedPriorities.add("GICD_IPRIORITYR" + n);
        }
        assertEquals(expectedPriorities, priorities);
        assertEquals(2 + 2 + 16 + 4 + 2 + 2 + 2 + 64, exits.size());
        for (int intid = 32; intid < 96; intid++) {
            assertEquals(1, vgic.irqState(intid).targetVcpu(), "target_vcpu of INTID " + intid);
            assertEquals(1, vgic.registers().read("GICD_IROUTER" + intid, 0), "GICD_IROUTER" + intid);
            assertEquals(0xa0, vgic.irqState(intid).priority(), "priority of INTID " + intid);
            assertFalse(vgic.irqState(intid).edge(), "INTID " + intid + " level");
        }
        // an edge SPI at reset: the assertion latched pending_latch, which no boot write clears
        assertTrue(vgic.irqState(INTID).pendingLatch(), "the pending state latched before the boot stays");
    }

    @Test
    @DisplayName("gic_dist_init on a vGICv2 with 256 SPIs: 163 MMIO exits")
    void gicv2DistInitExits() {
        fresh(GicVersion.V2, 256);
        vgic.driverInit(0);
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "GICD_CTLR", 2, "GICD_ITARGETSR read", 1, // gic_get_cpumask: the banked GICD_ITARGETSR0
                "GICD_ITARGETSR", 64, "GICD_ICFGR", 16, "GICD_IPRIORITYR", 64,
                "GICD_ICACTIVER", 8, "GICD_ICENABLER", 8));
        assertEquals(expected, exitsByFamily());
        assertEquals(163, exits.size());
        assertFalse(s().edge());
        assertEquals(0x0101_0101L, vgic.registers().read("GICD_ITARGETSR10", 0), "the boot CPU's bit, from GICD_ITARGETSR0");
        assertEquals(1, vgic.registers().read("GICD_CTLR", 0));
    }

    @Test
    @DisplayName("KVM's default of 224 SPIs (no KVM_DEV_ARM_VGIC_GRP_NR_IRQS): gic_dist_init takes 323 exits")
    void distInitScalesWithTheSpis() {
        fresh(GicVersion.V3, 224);
        vgic.driverInit(0);
        assertEquals(2 + 7 + 14 + 56 + 7 + 7 + 2 + 224, exits.size());
    }

    @Test
    @DisplayName("vgic_init: 224 SPIs unless the VMM set KVM_DEV_ARM_VGIC_GRP_NR_IRQS first; the attribute's checks")
    void nrIrqsIsKvmsDefaultUnlessTheVmmSetsIt() {
        // vgic-init.c vgic_init: "freeze the number of spis": VGIC_NR_IRQS_LEGACY - VGIC_NR_PRIVATE_IRQS
        fresh(GicVersion.V3, 0);
        assertEquals(224, vgic.pins());
        assertEquals(-Errno.EBUSY, vgic.setNrIrqs(288), "frozen by vgic_init");
        vgic.driverInit(0);
        assertEquals(2 + 7 + 14 + 56 + 7 + 7 + 2 + 224, exits.size(), "gic_dist_init over GICD_TYPER's 224 SPIs");
        // vgic-kvm-device.c vgic_set_common_attr: 64..1023, a multiple of 32; once only, before vgic_init
        h = new SimHarness();
        Vgic g = new Vgic(GicVersion.V3, KvmRelease.NEWEST, h.sim(), "vm1.vgic-v3", 1, 0, 4, 0, false, false, sink,
                a -> new LinuxGicChip(a, 0));
        assertEquals(-Errno.EINVAL, g.setNrIrqs(32), "no SPIs");
        assertEquals(-Errno.EINVAL, g.setNrIrqs(100), "not a multiple of 32");
        assertEquals(-Errno.EINVAL, g.setNrIrqs(1024), "above VGIC_MAX_RESERVED");
        assertEquals(0, g.setNrIrqs(288));
        assertEquals(-Errno.EBUSY, g.setNrIrqs(320), "already set");
        g.init();
        assertEquals(256, g.pins());
        assertEquals(287, g.hwirqForPin(255));
    }

    @Test
    @DisplayName("a level line asserted before the guest's GIC init is latched as an edge and stays pending")
    void levelAssertedBeforeGuestInitStaysPendingAfterGicDistConfig() {
        // vgic.c vgic_validate_injection / vgic_inject_irq: on an edge SPI a 1 sets pending_latch.
        // irq-gic-common.c gic_dist_config makes it level but writes no GICD_ICPENDR, and
        // vgic_mmio_write_config keeps pending_latch: once enabled, the SPI is delivered even though the
        // line has dropped meanwhile (a level SPI's pending_latch is cleared only when its LR is folded
        // inactive or by GICD_ICPENDR).
        fresh(GicVersion.V3, 64);
        vgic.setIrq(PIN, 0, true);
        vgic.setIrq(PIN, 0, false);
        assertTrue(s().pendingLatch());
        assertFalse(s().lineLevel());
        vgic.driverInit(0);
        assertFalse(s().edge());
        assertTrue(s().pending(), "gic_dist_config clears no pending state");
        assertEquals(0, vgic.chip().setType(INTID, Trigger.LEVEL_HIGH));
        vgic.chip().unmask(INTID);
        assertTrue(vcpu0.asserted(), "delivered although the line is low");
    }

    @Test
    @DisplayName("GICD_ICFGR from user space sets the trigger with no exit; other registers are not modelled")
    void userSpaceConfigWrite() {
        fresh(GicVersion.V3, 64);
        assertEquals(0, vgic.uaccessWriteRegister("GICD_ICFGR2", 0));
        assertFalse(s().edge());
        assertTrue(exits.isEmpty());
        assertEquals(-Errno.ENXIO, vgic.uaccessWriteRegister("GICD_ISENABLER1", 0xffff_ffffL));
        assertFalse(s().enabled());
        assertFalse(vcpu0.asserted());
    }

    @Test
    @DisplayName("SPIs only the whole-register writes reached read back what they wrote, trigger, priority, group, route")
    void spisNoOneUsedKeepTheirWrittenState() {
        fresh(GicVersion.V3, 256);
        vgic.driverInit(0);
        vgic.registers().write("GICD_IGROUPR2", 0, 0x0000_ffffL); // INTIDs 80..95 to group 0
        vgic.registers().write("GICD_IROUTER70", 0, 1); // Aff0 1: no such vCPU, target_vcpu none
        vgic.registers().write("GICD_ICFGR5", 0, 0xaaaa_aaaaL); // INTIDs 80..95 edge
        for (int n = 1; n <= 8; n++) {
            assertEquals(n == 2 ? 0x0000_ffffL : 0xffff_ffffL, vgic.registers().read("GICD_IGROUPR" + n, 0), "IGROUPR" + n);
            assertEquals(0, vgic.registers().read("GICD_ISENABLER" + n, 0));
            assertEquals(0, vgic.registers().read("GICD_ISPENDR" + n, 0));
            assertEquals(0, vgic.registers().read("GICD_ISACTIVER" + n, 0));
        }
        for (int n = 2; n <= 17; n++) {
            assertEquals(n == 5 ? 0xaaaa_aaaaL : 0, vgic.registers().read("GICD_ICFGR" + n, 0), "ICFGR" + n);
        }
        for (int n = 8; n <= 71; n++) {
            assertEquals(0xa0a0_a0a0L, vgic.registers().read("GICD_IPRIORITYR" + n, 0), "IPRIORITYR" + n);
        }
        for (int intid = 32; intid < 288; intid++) {
            assertEquals(intid == 70 ? 1 : 0, vgic.registers().read("GICD_IROUTER" + intid, 0), "IROUTER" + intid);
        }
    }
}
