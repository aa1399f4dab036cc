package dev.irqlab.gic;

import static dev.irqlab.gic.GicAsserts.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.gic.arch.GicIrqState;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.LrContents;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the list-register overflow series merged for Linux 6.19 (Marc Zyngier, "KVM: arm64: Add LR
 * overflow infrastructure", v4 20251120172540.2267180-*-maz@kernel.org) changes in KVM's vGIC, each
 * rule tested under {@code kvm-version: linux-6.19} against {@code linux-6.18}.
 */
class VgicLrOverflowTest extends VgicFixture {

    Vgic build(GicVersion v, KvmRelease release, int vcpus, int eoiMode) {
        h = new SimHarness();
        Vgic g = new Vgic(v, release, h.sim(), "vm0." + v.virtualName(), vcpus, 64, 4, eoiMode, false, false, sink,
                a -> new LinuxGicChip(a, eoiMode));
        g.init();
        for (int c = 0; c < vcpus; c++) {
            g.connectCpu(c, new CpuLineProbe());
        }
        for (int p = 0; p < 8; p++) {
            g.addAckNotifier(PIN + p, acks::add);
        }
        g.driverInit(0); // the guest booted: gic_dist_init
        exits.clear();
        vgic = g;
        return g;
    }

    /** The guest requested SPIs INTID..INTID+n-1 as level interrupts; exits cleared. */
    void guestRequestsLevel(int n) {
        for (int i = 0; i < n; i++) {
            vgic.chip().setType(INTID + i, Trigger.LEVEL_HIGH);
            vgic.chip().unmask(INTID + i);
        }
        exits.clear();
    }

    /** A level SPI acknowledged and EOIed with no exit in between; the device lowered its line first. */
    List<Integer> ackThenEoiWithoutExit(GicVersion v, KvmRelease release) {
        build(v, release, 1, 0);
        guestRequestsLevel(1);
        vgic.setIrq(PIN, 0, true);
        vgic.vcpuEntry(0);
        assertEquals(INTID, vgic.acknowledge(0));
        vgic.setIrq(PIN, 0, false);
        exits.clear();
        vgic.chip().eoi(INTID);
        assertEquals(List.of(new Exit(ExitCause.MAINTENANCE, "EOI maintenance vINTID 40")), exits,
                "the LR's EOI bit still raises the maintenance interrupt");
        assertState(GicIrqState.INACTIVE, true, s());
        return acks;
    }

    @Test
    void eoiWithoutAnExitSinceTheAckNotifiesNothingOnGicv3() {
        // 6.19 vgic-v3.c vgic_v3_fold_lr: kvm_notify_acked_irq only "if (deactivated && lr_signals_eoi_mi(val)
        // ...)", deactivated = irq->active && !(val & ICH_LR_ACTIVE_BIT): the irq went into the LR pending and
        // was never folded active, so KVM sees no deactivation and the irqfd resampler is not told.
        assertEquals(List.of(), ackThenEoiWithoutExit(GicVersion.V3, KvmRelease.LINUX_6_19));
        assertEquals(1, vgic.activeSpis(), "active_spis is dropped only with the notification");
        // 6.18 vgic_v3_fold_lr_state: every LR that signals the EOI maintenance interrupt notifies.
        assertEquals(List.of(PIN), ackThenEoiWithoutExit(GicVersion.V3, KvmRelease.LINUX_6_18));
        assertEquals(0, vgic.activeSpis());
    }

    @Test
    void from619AStaleLevelSpiWinsEveryAcknowledgeOverOneOfItsPriority() {
        // Two level SPIs of one priority, each behind an irqfd resampler that lowers its line when told
        // (eventfd.c irqfd_resampler_ack -> kvm_set_irq(..., 0)); the guest acknowledges and EOIs the first
        // with no exit in between. 6.18: the notification drops the first, the second is taken next.
        // 6.19 (vgic_v3_fold_lr: no notification without a deactivation KVM saw): the first keeps
        // line_level, stays first on the ap_list (vgic_sort_ap_list is not even called: two irqs, four LRs)
        // and in LR 0, and wins the next acknowledge again; the second waits pending in LR 1. Among equal
        // priorities the virtual CPU interface takes the lowest LR (the choice is IMPLEMENTATION DEFINED).
        for (KvmRelease r : KvmRelease.values()) {
            build(GicVersion.V3, r, 1, 0);
            acks.clear();
            guestRequestsLevel(2);
            for (int p = PIN; p <= PIN + 1; p++) {
                vgic.addAckNotifier(p, pin -> vgic.setIrq(pin, 0, false));
            }
            vgic.setIrq(PIN, 0, true);
            vgic.setIrq(PIN + 1, 0, true);
            vgic.vcpuEntry(0);
            assertEquals(INTID, vgic.acknowledge(0), r.label());
            vgic.chip().eoi(INTID);
            if (r == KvmRelease.LINUX_6_19) {
                assertEquals(List.of(), acks);
                for (int round = 0; round < 3; round++) {
                    assertEquals(INTID, vgic.acknowledge(0), "the stale one again, round " + round);
                    vgic.chip().eoi(INTID);
                }
                LrContents lr1 = vgic.listRegisterContents(0).get(1);
                assertEquals(List.of(INTID + 1, GicIrqState.PENDING), List.of(lr1.intid(), lr1.state()), lr1.toString());
            } else {
                assertEquals(List.of(PIN), acks);
                assertEquals(INTID + 1, vgic.acknowledge(0), r.label());
            }
        }
    }

    @Test
    void gicv2HostStillNotifiesAtEveryEoiMaintenance() {
        // 6.19 vgic-v2.c vgic_v2_fold_lr keeps "Notify fds when the guest EOI'ed a level-triggered SPI"
        // first and unconditional; GICv2 has no active_spis accounting (vgic_model_needs_bcst_kick).
        assertEquals(List.of(PIN), ackThenEoiWithoutExit(GicVersion.V2, KvmRelease.LINUX_6_19));
        assertEquals(0, vgic.activeSpis());
    }

    @Test
    void eoiAfterAnExitWhileActiveNotifiesAfterTheFold() {
        // An exit while the LR is active (the ONESHOT flow's mask: GICD_ICENABLER + RWP poll) folds
        // irq->active = 1; the EOI's fold then sees the deactivation, notifies and drops active_spis.
        build(GicVersion.V3, KvmRelease.LINUX_6_19, 1, 0);
        guestRequestsLevel(1);
        vgic.setIrq(PIN, 0, true);
        assertEquals(1, vgic.activeSpis(), "vgic_queue_irq_unlock: atomic_fetch_inc(&active_spis)");
        vgic.vcpuEntry(0);
        assertEquals(INTID, vgic.acknowledge(0));
        vgic.chip().mask(INTID);
        assertTrue(s(INTID).active(), "folded active by the MMIO exit");
        List<Boolean> seenByNotifier = new ArrayList<>();
        vgic.addAckNotifier(PIN, p -> seenByNotifier.add(s().active()));
        vgic.setIrq(PIN, 0, false);
        vgic.chip().eoi(INTID);
        assertEquals(List.of(PIN), acks);
        assertEquals(List.of(false), seenByNotifier, "6.19 notifies after the fold (6.18: before it)");
        assertEquals(0, vgic.activeSpis());
    }

    /** Five level SPIs on one vCPU with four LRs: the first is active (acknowledged), four are pending. */
    void oneActiveFourPending(KvmRelease release) {
        build(GicVersion.V3, release, 1, 0);
        guestRequestsLevel(5);
        vgic.setIrq(PIN, 0, true);
        vgic.vcpuEntry(0);
        assertEquals(INTID, vgic.acknowledge(0));
        for (int i = 1; i < 5; i++) {
            vgic.setIrq(PIN + i, 0, true); // each kicks the running vCPU: exit, fold, flush
        }
        // The device lowers its line; the irq is active on vCPU 0's ap_list, so vgic_queue_irq_unlock
        // kicks it once more ("We have to kick the VCPU here").
        vgic.setIrq(PIN, 0, false);
        exits.clear();
    }

    @Test
    void before619TheActiveInterruptKeepsItsListRegister() {
        // 6.18 vgic.c vgic_irq_cmp: "active interrupts can never be pushed out of the LRs".
        oneActiveFourPending(KvmRelease.LINUX_6_18);
        List<LrContents> lrs = vgic.listRegisterContents(0);
        assertEquals(4, lrs.size());
        assertEquals(List.of(INTID, GicIrqState.ACTIVE), List.of(lrs.get(0).intid(), lrs.get(0).state()), lrs.toString());
        assertNull(lrOfVcpu0(INTID + 4), "the last pending one waits outside");
        vgic.chip().eoi(INTID);
        assertEquals(List.of(new Exit(ExitCause.MAINTENANCE, "EOI maintenance vINTID 40")), exits);
        assertEquals(List.of(PIN), acks);
    }

    @Test
    void before619AnOverflowingApListTakesTheLrsByPriorityInQueueOrderOnTies() {
        // 6.18 vgic.c vgic_flush_lr_state: an ap_list longer than the LRs is list_sort()ed (stable) by
        // vgic_irq_cmp, pending ones by priority; the LRs take the list's head.
        build(GicVersion.V3, KvmRelease.LINUX_6_18, 1, 0);
        guestRequestsLevel(6);
        vgic.registers().write("GICD_IPRIORITYR11", 0, 0xa0a09080L); // INTID 44 -> 0x80, 45 -> 0x90
        for (int i = 0; i < 6; i++) {
            vgic.setIrq(PIN + i, 0, true); // queued in INTID order
        }
        vgic.vcpuEntry(0);
        List<Integer> inLrs = vgic.listRegisterContents(0).stream().map(LrContents::intid).toList();
        assertEquals(List.of(INTID + 4, INTID + 5, INTID, INTID + 1), inLrs);
        assertNull(lrOfVcpu0(INTID + 2), "equal priority: queue order, the later ones wait outside");
    }

    @Test
    void from619PendingGoFirstAndTheActiveIsDeactivatedThroughEoiCount() {
        // 6.19 vgic_irq_cmp: pending, non-active first; vgic_v3_configure_hcr: LRENPIE (an active irq
        // outside the LRs), UIE, TDIR. The guest's EOIR of an INTID in no LR counts in EOIcount; the LRENP
        // maintenance interrupt exits, and vgic_v3_fold_lr_state replays the deactivation on a pseudo-LR.
        oneActiveFourPending(KvmRelease.LINUX_6_19);
        List<LrContents> lrs = vgic.listRegisterContents(0);
        assertEquals(4, lrs.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(INTID + 1 + i, GicIrqState.PENDING), List.of(lrs.get(i).intid(), lrs.get(i).state()),
                    lrs.toString());
        }
        assertNull(lrOfVcpu0(INTID));
        assertTrue(s(INTID).active(), "active, outside every LR");
        vgic.chip().eoi(INTID);
        assertEquals(List.of(new Exit(ExitCause.MAINTENANCE, "LRENP maintenance (EOIcount 1)")), exits);
        assertFalse(s(INTID).active());
        assertEquals(List.of(PIN), acks, "a deactivation KVM saw: the resampler is told");
        assertEquals(0, vgic.activePriorities(0));
    }

    @Test
    void from619TheFirstQueuedSpiKicksEveryVcpu() {
        // 6.19 vgic_queue_irq_unlock: atomic_fetch_inc(&active_spis) == 0 ->
        // kvm_make_all_cpus_request(KVM_REQ_IRQ_PENDING): every vCPU in guest mode exits; later SPIs kick
        // only their target.
        for (KvmRelease r : KvmRelease.values()) {
            build(GicVersion.V3, r, 2, 0);
            guestRequestsLevel(2);
            vgic.vcpuEntry(0);
            vgic.vcpuEntry(1);
            exits.clear();
            exitVcpus.clear();
            vgic.setIrq(PIN, 0, true);
            long first = count(ExitCause.EXTERNAL_INTERRUPT);
            // each kicked vCPU pays its own exit (kvm_vcpu_kick), not the one that queued the SPI
            assertEquals(r == KvmRelease.LINUX_6_19 ? List.of(0, 1) : List.of(0), exitVcpus, r.label());
            exits.clear();
            vgic.setIrq(PIN + 1, 0, true);
            long second = count(ExitCause.EXTERNAL_INTERRUPT);
            assertEquals(r == KvmRelease.LINUX_6_19 ? 2 : 1, first, r.label());
            assertEquals(1, second, r.label());
        }
    }

    /** A level SPI acknowledged on vCPU 0 (EOImode 1), which then leaves guest mode with it active. */
    void activeOnVcpu0ThenVcpu1Runs(KvmRelease release) {
        build(GicVersion.V3, release, 2, 1);
        guestRequestsLevel(1);
        vgic.setIrq(PIN, 0, true);
        vgic.vcpuEntry(0);
        assertEquals(INTID, vgic.registers().read("ICC_IAR1_EL1", 0));
        vgic.registers().write("ICC_EOIR1_EL1", 0, INTID); // priority drop only
        vgic.vcpuExit(0);
        vgic.vcpuEntry(1);
        vgic.setIrq(PIN, 0, false);
        exits.clear();
    }

    @Test
    void from619DeactivationOnAnotherVcpuTrapsAndIsEmulated() {
        // 6.19 vgic_v3_configure_hcr: TDIR while active_spis != 0; sys_regs.c access_gic_dir ->
        // vgic_v3_deactivate: the irq is on vCPU 0's ap_list and in no LR: pseudo-LR fold (a deactivation
        // KVM saw: notify), and KVM_REQ_VGIC_PROCESS_UPDATE makes vCPU 0 prune it at its next entry.
        activeOnVcpu0ThenVcpu1Runs(KvmRelease.LINUX_6_19);
        vgic.registers().write("ICC_DIR_EL1", 1, INTID);
        assertEquals(List.of(new Exit(ExitCause.SYSREG, "ICC_DIR_EL1 write trapped (TDIR)")), exits);
        assertFalse(s(INTID).active());
        assertEquals(List.of(PIN), acks);
        assertEquals(0, s(INTID).apListVcpu(), "pruned only when vCPU 0 processes the request");
        vgic.vcpuExit(1);
        vgic.vcpuEntry(0);
        assertEquals(-1, s(INTID).apListVcpu());
    }

    @Test
    void before619DeactivationOnAnotherVcpuIsLost() {
        // 6.18: DIR is not trapped; vCPU 1's virtual CPU interface finds the vINTID in none of its LRs
        // (EOIcount, which 6.18 ignores): the SPI stays active on vCPU 0 and is never delivered again.
        activeOnVcpu0ThenVcpu1Runs(KvmRelease.LINUX_6_18);
        vgic.registers().write("ICC_DIR_EL1", 1, INTID);
        assertEquals(List.of(), exits);
        assertTrue(s(INTID).active());
        assertEquals(List.of(), acks);
        assertEquals(1, h.trace().messages("vgic.deactivate_not_in_lr").size());
    }

    @Test
    void from619ADirOfAnIrqInTheLocalLrIsHandledAtEl2() {
        // 6.19 vgic-v3-sr.c __vgic_v3_perform_cpuif_access: with TDIR set, ___vgic_v3_write_dir deactivates
        // an LR it finds ("Handle in-LR deactivation when possible"): a trap, no fold.
        build(GicVersion.V3, KvmRelease.LINUX_6_19, 1, 1);
        guestRequestsLevel(1);
        vgic.setIrq(PIN, 0, true);
        vgic.vcpuEntry(0);
        assertEquals(INTID, vgic.registers().read("ICC_IAR1_EL1", 0));
        vgic.registers().write("ICC_EOIR1_EL1", 0, INTID);
        vgic.setIrq(PIN, 0, false);
        exits.clear();
        vgic.registers().write("ICC_DIR_EL1", 0, INTID);
        assertEquals(List.of(new Exit(ExitCause.SYSREG, "ICC_DIR_EL1 write trapped (TDIR), deactivated in the LR at EL2"),
                new Exit(ExitCause.MAINTENANCE, "EOI maintenance vINTID 40")), exits);
        assertState(GicIrqState.INACTIVE, true, s());
    }

    @Test
    void underflowIsALevelConditionSeenAtEntry() {
        // IHI 0069 12.4.9 ICH_MISR_EL2.U: UIE set and at most one valid LR. With one list register and
        // two interrupts queued, KVM sets UIE at the flush and the maintenance interrupt fires on entry.
        for (KvmRelease r : KvmRelease.values()) {
            h = new SimHarness();
            vgic = new Vgic(GicVersion.V3, r, h.sim(), "vm0.vgic-v3", 1, 64, 1, 0, false, false, sink,
                    a -> new LinuxGicChip(a, 0));
            vgic.init();
            vgic.connectCpu(0, new CpuLineProbe());
            vgic.driverInit(0);
            guestRequestsLevel(2);
            vgic.setIrq(PIN, 0, true);
            vgic.setIrq(PIN + 1, 0, true);
            exits.clear();
            vgic.vcpuEntry(0);
            assertEquals(List.of(new Exit(ExitCause.MAINTENANCE, "underflow maintenance")), exits, r.label());
        }
    }

    @Test
    void theFactoryDefaultsToTheNewestAndRefusesOthersWithTheList() {
        VirtualControllerFactory f = GicFactories.virtual(GicVersion.V3);
        RecordingExits rec = new RecordingExits();
        SimHarness s = new SimHarness();
        Vgic g = (Vgic) f.create(new VirtualControllerContext(s.sim(), "vm0.vgic-v3", 1, Config.defaults(f.schema()),
                Set.of(), rec));
        assertEquals(KvmRelease.LINUX_6_19, g.release());
        Map<String, Object> values = new HashMap<>(Config.defaults(f.schema()).values());
        values.put("kvm-version", "linux-6.17");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.create(
                new VirtualControllerContext(s.sim(), "vm0.vgic-v3", 1, Config.of(values), Set.of(), rec)));
        assertEquals("vm0.vgic-v3: configuration key 'kvm-version' is 'linux-6.17'; allowed values: linux-6.18, "
                + "linux-6.19", e.getMessage());
    }
}
