package dev.irqlab.gic;

import static dev.irqlab.gic.GicAsserts.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.gic.arch.DistributorRegisters;
import dev.irqlab.gic.arch.GicIrqState;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.SimHarness;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** State-machine tests of the physical distributor, CPU interface and Linux irqchip, GICv3 unless noted. */
class PhysicalGicTest {

    static final int SPI = 40;
    SimHarness h;
    PhysicalGic gic;
    CpuLineProbe cpu0;
    CpuLineProbe cpu1;

    PhysicalGic build(GicVersion v, int eoiMode) {
        h = new SimHarness();
        PhysicalGic g = new PhysicalGic(v, h.sim(), "host." + v.physicalName(), 2, 64, eoiMode);
        cpu0 = new CpuLineProbe();
        cpu1 = new CpuLineProbe();
        g.connectCpu(0, cpu0);
        g.connectCpu(1, cpu1);
        return g;
    }

    @BeforeEach
    void setUp() {
        gic = build(GicVersion.V3, 1);
    }

    @Test
    void initialStateIsWhatLinuxGicDistInitLeaves() {
        // irq-gic-v3.c gic_dist_init + irq-gic-common.c gic_dist_config: enabled dist, SPIs disabled, 0xa0, CPU 0, level.
        // GICD_CTLR = GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1 as gic_dist_init writes it.
        assertEquals(0x13, gic.registers().read("GICD_CTLR", 0));
        assertEquals(0, gic.registers().read("GICD_ISENABLER1", 0));
        assertEquals(0xa0a0a0a0L, gic.registers().read("GICD_IPRIORITYR10", 0));
        assertEquals(0, gic.registers().read("GICD_IROUTER40", 0));
        assertEquals(0, gic.registers().read("GICD_ICFGR2", 0));
        assertState(GicIrqState.INACTIVE, false, gic.spi(SPI));
    }

    @Test
    void aRegisterIsItsFamilyAndIndexHoweverTheDigitsAreWritten() {
        // IHI 0069 12.9.22: GICD_IROUTER<n> exists for SPI INTIDs only; GICD_ITARGETSR is GICv2's.
        gic.registers().write("GICD_IROUTER040", 0, 1);
        assertEquals(1, gic.registers().read("GICD_IROUTER40", 0), "leading zero: the same register");
        assertThrows(IllegalArgumentException.class, () -> gic.registers().read("GICD_IROUTER31", 0),
                "INTID 31 is no SPI");
        assertThrows(IllegalArgumentException.class, () -> gic.registers().read("GICD_ITARGETSR10", 0),
                "GICv2's routing register on a GICv3");
        assertThrows(IllegalArgumentException.class, () -> gic.registers().read("GICD_IROUTER1234567", 0),
                "more than 6 digits");
        assertThrows(IllegalArgumentException.class, () -> gic.registers().read("GICD_IROUTER", 0), "no index");
    }

    @Test
    void gicv2RoutesToCpuInterface0ByItargetsr() {
        gic = build(GicVersion.V2, 0);
        // irq-gic.c gic_dist_init: ITARGETSR = this CPU's mask.
        assertEquals(0x01010101L, gic.registers().read("GICD_ITARGETSR10", 0));
        gic.chip().unmask(SPI);
        gic.registers().write("GICD_ITARGETSR10", 0, 0x02L); // IHI 0048B 4.3.12: INTID 40 -> CPU 1
        gic.input(SPI).set(true);
        assertFalse(cpu0.asserted());
        assertTrue(cpu1.asserted());
        assertEquals(InterruptController.SPURIOUS, gic.acknowledge(0));
        assertEquals(SPI, gic.acknowledge(1));
    }

    @Test
    void gicv3IrouterRoutesByAffinityAndIrmToOneCpu() {
        gic.chip().unmask(SPI);
        gic.registers().write("GICD_IROUTER40", 0, 1); // IHI 0069 12.9.22: Aff0 = 1
        gic.input(SPI).set(true);
        assertFalse(cpu0.asserted());
        assertTrue(cpu1.asserted());
        // IRM = 1 (1 of N, IHI 0069 12.9.22, 4.1.2): signalled to one participating PE, not to all.
        gic.registers().write("GICD_IROUTER40", 0, 1L << 31);
        assertTrue(cpu0.asserted());
        assertFalse(cpu1.asserted(), "1 of N: only one PE is signalled");
        // A PE whose priority mask refuses the SPI does not take part; another one is chosen.
        gic.registers().write("ICC_PMR_EL1", 0, 0);
        assertFalse(cpu0.asserted());
        assertTrue(cpu1.asserted());
        assertEquals(SPI, gic.acknowledge(1));
        assertFalse(cpu0.asserted() || cpu1.asserted(), "active: signalled to nobody");
    }

    @Test
    void gicv3DistributorEnableIsEnableGrp1A() {
        // IHI 0069 12.9.4 (Non-secure view): bit 1 EnableGrp1A forwards Linux's Group 1 interrupts; bit 0
        // alone does not. GICv2 (IHI 0048B 4.3.1): bit 0 Enable.
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        assertTrue(cpu0.asserted());
        gic.registers().write("GICD_CTLR", 0, 0x11);
        assertFalse(cpu0.asserted(), "ARE_NS | bit 0 without EnableGrp1A: off");
        assertEquals(0x11, gic.registers().read("GICD_CTLR", 0));
        gic.registers().write("GICD_CTLR", 0, 0x12);
        assertTrue(cpu0.asserted());
        PhysicalGic v2 = build(GicVersion.V2, 1);
        assertEquals(1, v2.registers().read("GICD_CTLR", 0));
        v2.registers().write("GICD_CTLR", 0, 2);
        assertEquals(0, v2.registers().read("GICD_CTLR", 0), "GICv2 implements bit 0 only");
    }

    @Test
    void levelPendingFollowsTheLine() {
        // IHI 0048B 3.2.4: a level-sensitive interrupt is pending while the line is asserted.
        gic.input(SPI).set(true);
        assertTrue(gic.spi(SPI).pending());
        gic.input(SPI).set(false);
        assertFalse(gic.spi(SPI).pending());
    }

    @Test
    void levelLatchedByIspendrStaysPendingAfterLineDrops() {
        // IHI 0048B 4.3.7: a write to GICD_ISPENDR latches pending for a level interrupt.
        gic.registers().write("GICD_ISPENDR1", 0, DistributorRegisters.bitMask(SPI));
        assertTrue(gic.spi(SPI).pending());
        gic.input(SPI).set(true);
        gic.input(SPI).set(false);
        assertTrue(gic.spi(SPI).pending());
        gic.registers().write("GICD_ICPENDR1", 0, DistributorRegisters.bitMask(SPI));
        assertFalse(gic.spi(SPI).pending());
    }

    @Test
    void icpendrOnAssertedLevelLineLeavesItPending() {
        // IHI 0048B 4.3.8: ICPENDR on a level interrupt whose line is asserted: pending stays.
        gic.input(SPI).set(true);
        gic.registers().write("GICD_ICPENDR1", 0, DistributorRegisters.bitMask(SPI));
        assertTrue(gic.spi(SPI).pending());
    }

    @Test
    void edgeLatchesOnRisingEdgeEvenWhileDisabled() {
        assertEquals(0, gic.chip().setType(SPI, Trigger.EDGE_RISING));
        gic.input(SPI).set(true);
        gic.input(SPI).set(false);
        assertState(GicIrqState.PENDING, false, gic.spi(SPI)); // IHI 0048B 3.2.4 edge latch
        gic.chip().unmask(SPI);
        assertTrue(cpu0.asserted());
        assertEquals(SPI, gic.acknowledge(0));
        assertState(GicIrqState.ACTIVE, true, gic.spi(SPI)); // acknowledge consumes the edge latch
    }

    @Test
    void edgeWhileActiveGivesActivePlusPending() {
        gic.chip().setType(SPI, Trigger.EDGE_RISING);
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        gic.input(SPI).set(false);
        assertEquals(SPI, gic.acknowledge(0));
        gic.input(SPI).set(true);
        assertState(GicIrqState.ACTIVE_PENDING, true, gic.spi(SPI));
        assertFalse(cpu0.asserted(), "an active interrupt is not signalled again until deactivated");
        gic.chip().eoi(SPI); // DIR
        assertTrue(cpu0.asserted());
    }

    @Test
    void levelStillHighAfterAckIsActivePlusPendingAndNotSignalled() {
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        assertEquals(SPI, gic.acknowledge(0));
        assertState(GicIrqState.ACTIVE_PENDING, true, gic.spi(SPI));
        assertFalse(cpu0.asserted());
    }

    @Test
    void disablingKeepsPendingAndActive() {
        // IHI 0048B 4.3.6: GICD_ICENABLER does not change pending or active state.
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        gic.acknowledge(0);
        gic.chip().mask(SPI);
        assertState(GicIrqState.ACTIVE_PENDING, false, gic.spi(SPI));
        gic.chip().eoi(SPI);
        assertState(GicIrqState.PENDING, false, gic.spi(SPI));
        assertFalse(cpu0.asserted());
        gic.chip().unmask(SPI);
        assertTrue(cpu0.asserted(), "held pending, forwarded once re-enabled");
    }

    @Test
    void isactiverAndIcactiverSetAndClearActive() {
        gic.chip().unmask(SPI);
        gic.registers().write("GICD_ISACTIVER1", 0, DistributorRegisters.bitMask(SPI));
        gic.input(SPI).set(true);
        assertFalse(cpu0.asserted(), "active: not signalled");
        gic.registers().write("GICD_ICACTIVER1", 0, DistributorRegisters.bitMask(SPI));
        assertTrue(cpu0.asserted());
    }

    @Test
    void eoiMode1EoirDropsPriorityAndDirDeactivates() {
        // IHI 0069 4.1.1 / irq-gic-v3.c gic_complete_ack + gic_eoimode1_eoi_irq.
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        assertEquals(SPI, gic.registers().read("ICC_IAR1_EL1", 0));
        assertEquals(0xa0, gic.registers().read("ICC_RPR_EL1", 0));
        gic.registers().write("ICC_EOIR1_EL1", 0, SPI);
        assertEquals(0xff, gic.registers().read("ICC_RPR_EL1", 0), "priority dropped");
        assertTrue(gic.spi(SPI).active(), "still active in EOImode 1");
        gic.input(SPI).set(false);
        gic.registers().write("ICC_DIR_EL1", 0, SPI);
        assertState(GicIrqState.INACTIVE, true, gic.spi(SPI));
    }

    @Test
    void eoiMode0EoirDropsAndDeactivates() {
        gic = build(GicVersion.V2, 0);
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        assertEquals(SPI, gic.registers().read("GICC_IAR", 0));
        gic.input(SPI).set(false);
        gic.registers().write("GICC_EOIR", 0, SPI);
        assertState(GicIrqState.INACTIVE, true, gic.spi(SPI));
        assertEquals(0xff, gic.registers().read("GICC_RPR", 0));
    }

    @Test
    void iarTakesTheHighestPriorityAndOnEqualPriorityTheLowestIntid() {
        // IHI 0048B 3.2.2 / IHI 0069 4.1.1: highest priority first; the tie-break is the model's
        // (lowest INTID), which the SPI candidate set must keep.
        for (int intid : new int[] {60, 40, 50, 61}) {
            gic.chip().unmask(intid);
        }
        gic.registers().write("GICD_IPRIORITYR15", 0, 0xa0a0a090L); // INTID 60 -> 0x90, 61 stays 0xa0
        for (int intid : new int[] {61, 60, 50, 40}) {
            gic.input(intid).set(true);
        }
        assertTrue(cpu0.asserted());
        assertEquals(60, gic.acknowledge(0)); // EOImode 1: the priority drops at once
        assertEquals(40, gic.acknowledge(0));
        assertEquals(50, gic.acknowledge(0));
        assertEquals(61, gic.acknowledge(0));
        // All four active+pending (lines still high): none may be signalled or acknowledged again.
        assertFalse(cpu0.asserted());
        assertEquals(InterruptController.SPURIOUS, gic.acknowledge(0));
        gic.chip().mask(50);
        gic.chip().eoi(40); // DIR: 40 is pending and inactive again, 50 stays active
        assertTrue(cpu0.asserted());
        assertEquals(40, gic.acknowledge(0));
    }

    @Test
    void signallingFollowsPriorityAndRouteWritesToPendingSpis() {
        // IHI 0069 4.1.1, 12.9.22: a pending SPI is signalled to the PE its route names when its
        // priority beats that PE's running priority; a write to its priority or route applies at once.
        for (int intid = 40; intid <= 42; intid++) {
            gic.chip().unmask(intid);
        }
        gic.registers().write("GICD_IPRIORITYR10", 0, 0xa0a080a0L); // INTID 41 -> 0x80
        gic.registers().write("GICD_IROUTER42", 0, 1); // INTID 42 -> CPU 1
        for (int intid = 40; intid <= 42; intid++) {
            gic.input(intid).set(true);
        }
        assertTrue(cpu0.asserted());
        assertTrue(cpu1.asserted());
        assertEquals(41, gic.registers().read("ICC_IAR1_EL1", 0));
        assertFalse(cpu0.asserted(), "running 0x80: INTID 40 at 0xa0 waits");
        gic.registers().write("GICD_IROUTER40", 0, 1); // INTID 40 -> CPU 1, pending there with 42
        assertEquals(40, gic.registers().read("ICC_IAR1_EL1", 1), "equal priority: the lowest INTID");
        assertFalse(cpu1.asserted(), "running 0xa0: INTID 42 at 0xa0 waits");
        gic.registers().write("GICD_IPRIORITYR10", 0, 0xa09080a0L); // INTID 42 -> 0x90
        assertTrue(cpu1.asserted());
        assertEquals(42, gic.registers().read("ICC_IAR1_EL1", 1));
        assertEquals(1023, gic.registers().read("ICC_IAR1_EL1", 0), "nothing pending and inactive for CPU 0");
    }

    @Test
    void iarWithNothingPendingReads1023() {
        assertEquals(1023, gic.registers().read("ICC_IAR1_EL1", 0)); // IHI 0069 ICC_IAR1_EL1: spurious 1023
        assertEquals(InterruptController.SPURIOUS, gic.acknowledge(0));
    }

    @Test
    void runningPriorityBlocksEqualOrLowerPriority() {
        // IHI 0048B 3.3: only a higher priority interrupt preempts the running priority.
        gic.chip().unmask(SPI);
        gic.chip().unmask(SPI + 1);
        gic.input(SPI).set(true);
        assertEquals(SPI, gic.registers().read("ICC_IAR1_EL1", 0));
        gic.input(SPI + 1).set(true);
        assertFalse(cpu0.asserted(), "same priority 0xa0 does not preempt");
        gic.registers().write("GICD_IPRIORITYR10", 0, 0xa0a060a0L); // INTID 41 -> 0x60
        assertTrue(cpu0.asserted());
        assertEquals(SPI + 1, gic.registers().read("ICC_IAR1_EL1", 0));
    }

    @Test
    void hostAcknowledgeInEoiMode1DropsPriorityAtEntry() {
        // irq-gic-v3.c __gic_handle_irq -> gic_complete_ack writes ICC_EOIR1_EL1 before the flow handler.
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        assertEquals(SPI, gic.acknowledge(0));
        assertEquals(0xff, gic.registers().read("ICC_RPR_EL1", 0));
        assertTrue(gic.spi(SPI).active());
    }

    @Test
    void forwardedInterruptIsLeftActiveByEoi() {
        // irq-gic-v3.c gic_eoimode1_eoi_irq: no DIR for irqd_is_forwarded_to_vcpu.
        assertEquals(0, gic.chip().setForwardedToVcpu(SPI, true));
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        gic.acknowledge(0);
        gic.chip().eoi(SPI);
        assertTrue(gic.spi(SPI).active());
        gic.deactivateFromVcpu(SPI);
        assertFalse(gic.spi(SPI).active());
    }

    @Test
    void maskOfForwardedInterruptAlsoDeactivatesInEoiMode1() {
        // irq-gic-v3.c gic_eoimode1_mask_irq.
        gic.chip().setForwardedToVcpu(SPI, true);
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        gic.acknowledge(0);
        gic.chip().mask(SPI);
        assertFalse(gic.spi(SPI).active());
    }

    @Test
    void eoiMode0ChipHasNoVcpuAffinity() {
        // irq-gic-v3.c gic_chip (EOImode 0) has no .irq_set_vcpu_affinity, so kernel/irq/manage.c
        // irq_set_vcpu_affinity returns -ENOSYS; gic_eoimode1_chip has it.
        gic = build(GicVersion.V3, 0);
        assertEquals(-Errno.ENOSYS, gic.chip().setForwardedToVcpu(SPI, true));
        gic = build(GicVersion.V2, 0); // irq-gic.c gic_chip likewise; gic_chip_mode1 has it
        assertEquals(-Errno.ENOSYS, gic.chip().setForwardedToVcpu(SPI, true));
        gic = build(GicVersion.V3, 1);
        assertEquals(0, gic.chip().setForwardedToVcpu(SPI, true));
    }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void setTypeAcceptsOnlyLevelHighAndEdgeRising(Trigger t) {
        // irq-gic-v3.c gic_set_type: SPIs accept IRQ_TYPE_LEVEL_HIGH and IRQ_TYPE_EDGE_RISING only.
        int expected = t == Trigger.LEVEL_HIGH || t == Trigger.EDGE_RISING ? 0 : -Errno.EINVAL;
        assertEquals(expected, gic.chip().setType(SPI, t));
    }

    @Test
    void setTypeWritesIcfgr() {
        gic.chip().setType(SPI, Trigger.EDGE_RISING);
        assertEquals(2L << (2 * (SPI % 16)), gic.registers().read("GICD_ICFGR2", 0)); // IHI 0048B 4.3.13
    }

    @Test
    void chipShapeIsLinuxGicChip() {
        var chip = gic.chip();
        assertEquals("GICv3", chip.name());
        // irq-gic-v3.c gic_chip / gic_eoimode1_chip and irq-gic.c gic_chip .flags.
        assertEquals(Set.of(ChipFlag.SET_TYPE_MASKED, ChipFlag.SKIP_SET_WAKE, ChipFlag.MASK_ON_SUSPEND), chip.flags());
        assertTrue(chip.hasSetAffinity(), ".irq_set_affinity = gic_set_affinity");
        assertEquals(FlowType.FASTEOI, chip.flowFor(SPI, Trigger.LEVEL_HIGH));
        assertFalse(chip.hasAck());
        assertFalse(chip.hasMaskAck());
        assertFalse(chip.hasDisable(), "no irq_disable: genirq disable is lazy");
        assertEquals(0, chip.setWake(SPI, true), "IRQCHIP_SKIP_SET_WAKE");
        assertEquals("GIC", build(GicVersion.V2, 0).chip().name());
        assertEquals("GICv2", build(GicVersion.V2, 1).chip().name());
    }

    @Test
    void retriggerSetsPending() {
        // irq-gic-v3.c gic_retrigger = irq_set_irqchip_state(PENDING, true).
        gic.chip().setType(SPI, Trigger.EDGE_RISING);
        gic.chip().unmask(SPI);
        assertTrue(gic.chip().retrigger(SPI));
        assertEquals(SPI, gic.acknowledge(0));
    }

    @Test
    void irqchipStatesMapToDistributorRegisters() {
        // irq-gic-v3.c gic_irq_{get,set}_irqchip_state.
        var chip = gic.chip();
        assertEquals(Boolean.TRUE, chip.getIrqchipState(SPI, IrqchipState.MASKED).orElseThrow());
        assertEquals(0, chip.setIrqchipState(SPI, IrqchipState.MASKED, false));
        assertTrue(gic.spi(SPI).enabled());
        assertEquals(0, chip.setIrqchipState(SPI, IrqchipState.ACTIVE, true));
        assertEquals(Boolean.TRUE, chip.getIrqchipState(SPI, IrqchipState.ACTIVE).orElseThrow());
        assertEquals(0, chip.setIrqchipState(SPI, IrqchipState.PENDING, true));
        assertEquals(Boolean.TRUE, chip.getIrqchipState(SPI, IrqchipState.PENDING).orElseThrow());
        assertTrue(chip.getIrqchipState(SPI, IrqchipState.LINE_LEVEL).isEmpty());
        assertEquals(-Errno.EINVAL, chip.setIrqchipState(SPI, IrqchipState.LINE_LEVEL, true));
    }

    @Test
    void stateChangesAreTracedWithStandardFieldNames() {
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        var comp = "host.gicv3";
        assertEquals(1, h.trace().changes(comp, "enabled").size());
        assertEquals(1, h.trace().changes(comp, "line").size());
        assertEquals("GICD_ISENABLER1 write", h.trace().changes(comp, "enabled").get(0).cause());
        assertEquals("spi 8 (intid 40)", h.trace().changes(comp, "pending").get(0).subject(),
                "GIC_SPI 8 in a device tree, INTID 40 in the GIC's registers");
    }

    @Test
    void dirInEoiMode0IsIgnoredWithAMessage() {
        gic = build(GicVersion.V3, 0);
        gic.chip().unmask(SPI);
        gic.input(SPI).set(true);
        gic.registers().read("ICC_IAR1_EL1", 0);
        gic.registers().write("ICC_DIR_EL1", 0, SPI);
        assertTrue(gic.spi(SPI).active());
        assertEquals(1, h.trace().messages("gic.dir_in_eoimode0").size());
    }

    /**
     * irq-gic-v3.c {@code __gic_handle_irq}: an INTID with no mapping is warned about once
     * ({@code WARN_ONCE "Unexpected interrupt (irqnr %u)"}) and deactivated
     * ({@code gic_deactivate_unhandled}) every time, so it does not stay active.
     */
    @Test
    void theGicEntryWarnsOnceAboutAnUnmappedIntidAndDeactivatesItEveryTime() {
        java.util.List<String> messages = new java.util.ArrayList<>();
        int[] spurious = new int[1];
        dev.irqlab.api.controller.IrqEntryContext kernel = new dev.irqlab.api.controller.IrqEntryContext() {
            @Override
            public boolean handleDomainIrq(int hwirq, int cpu) {
                return false;
            }

            @Override
            public void spurious() {
                spurious[0]++;
            }

            @Override
            public void message(String key, String text) {
                messages.add(text);
            }
        };
        gic.chip().unmask(SPI);
        for (int i = 0; i < 2; i++) {
            gic.input(SPI).set(true);
            gic.chip().handleArchIrq(gic, 0, kernel);
            gic.input(SPI).set(false);
            assertFalse(gic.spi(SPI).active(), "gic_deactivate_unhandled");
        }
        assertEquals(java.util.List.of("Unexpected interrupt (irqnr 40)"), messages);
        assertEquals(2, spurious[0]);
        // Nothing pending: the special INTID 1023 ends the entry (gic_irqnr_is_special).
        gic.chip().handleArchIrq(gic, 0, kernel);
        assertEquals(3, spurious[0]);
        assertEquals(1, messages.size());
    }

    @Test
    @DisplayName("PCI INTx routing: the interrupt-map's SPIs base..base+3 along the swizzle, "
            + "level-high; none when the GIC lacks them")
    void pciHostBridge() {
        var bridge = build(GicVersion.V3, 1).pciHostBridge().orElseThrow();
        assertEquals(8, bridge.line(0, 1), "default pci-intx-spi-base 8");
        assertEquals(11, bridge.line(1, 3));
        assertEquals(Trigger.LEVEL_HIGH, bridge.trigger());
        PhysicalGic small = new PhysicalGic(GicVersion.V3, new SimHarness().sim(), "host.gicv3", 1, 64, 1, 61);
        assertTrue(small.pciHostBridge().isEmpty(), "SPIs 61..64 do not all exist on a GIC with 64 SPIs");
        assertEquals(63, new PhysicalGic(GicVersion.V3, new SimHarness().sim(), "host.gicv3", 1, 64, 1, 60)
                .pciHostBridge().orElseThrow().line(0, 4));
    }
}
