package dev.irqlab.gic.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ApList} gives the kernel's ap_list without the kernel's walks: only the interrupts whose state
 * changed are looked at again. Random guests (seeded) drive a three-vCPU vGICv3 through every path
 * that changes an interrupt's place in {@code vgic_irq_cmp} or its {@code vgic_target_oracle}
 * (injection, user-space level and pending writes, enable, pending, active, priority, configuration,
 * routing and distributor-enable writes, acknowledge, EOI, entries and exits), with each answer of
 * the tracking checked against the kernel's walk over the whole list ({@link ApList#checkAgainstWalks}):
 * the order check of {@code vgic_flush_lr_state} (6.18) and the interrupts {@code vgic_prune_ap_list}
 * takes off.
 */
class ApListTest {

    static final int VCPUS = 3;
    static final int SPIS = 16;
    static final int ROUNDS = 300;
    static final int STEPS = 400;

    record Acked(int vcpu, int intid) {
    }

    @ParameterizedTest
    @EnumSource(KvmRelease.class)
    void theTrackingAnswersAsTheKernelsWalks(KvmRelease release) {
        long overflowingFlushes = 0;
        long prunes = 0;
        for (int seed = 0; seed < ROUNDS; seed++) {
            Random rnd = new Random(seed);
            int lrs = 1 + rnd.nextInt(4);
            Vgic g = new Vgic(GicVersion.V3, release, new SimHarness().sim(), "vm0.vgic-v3", VCPUS, 32, lrs, 0,
                    false, false, new RecordingExits(), a -> new LinuxGicChip(a, 0));
            g.checkApLists(2); // tracked from three entries: the lists here grow past it and shrink back
            g.init();
            for (int c = 0; c < VCPUS; c++) {
                g.connectCpu(c, new CpuLineProbe());
            }
            g.driverInit(0);
            for (int i = 0; i < SPIS; i++) {
                g.chip().setType(32 + i, rnd.nextBoolean() ? Trigger.LEVEL_HIGH : Trigger.EDGE_RISING);
                g.chip().unmask(32 + i);
            }
            List<Acked> acked = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                int v = rnd.nextInt(VCPUS);
                int pin = rnd.nextInt(SPIS);
                int intid = 32 + pin;
                long bit = 1L << (intid % 32);
                switch (rnd.nextInt(14)) {
                    case 0, 1, 2 -> g.setIrq(pin, 0, rnd.nextBoolean());
                    case 3 -> g.vcpuEntry(v);
                    case 4 -> g.vcpuExit(v);
                    case 5, 6 -> {
                        int got = g.acknowledge(v);
                        if (got >= 32 && got < 1020) {
                            acked.add(new Acked(v, got));
                        }
                    }
                    case 7 -> {
                        if (!acked.isEmpty()) {
                            Acked a = acked.remove(rnd.nextInt(acked.size()));
                            g.registers().write("ICC_EOIR1_EL1", a.vcpu(), a.intid());
                        }
                    }
                    case 8 -> g.registers().write("GICD_IPRIORITYR" + intid / 4, v, rnd.nextInt() & 0xf0f0f0f0L);
                    case 9 -> g.registers().write(rnd.nextBoolean() ? "GICD_ISENABLER1" : "GICD_ICENABLER1", v, bit);
                    case 10 -> g.registers().write("GICD_IROUTER" + intid, v, rnd.nextInt(VCPUS + 1));
                    case 11 -> g.registers().write(rnd.nextBoolean() ? "GICD_ISPENDR1" : "GICD_ICPENDR1", v, bit);
                    case 12 -> g.registers().write(rnd.nextBoolean() ? "GICD_ISACTIVER1" : "GICD_ICACTIVER1", v, bit);
                    default -> {
                        switch (rnd.nextInt(4)) {
                            case 0 -> g.registers().write("GICD_CTLR", v, rnd.nextInt(4) == 0 ? 0x10 : 0x12);
                            case 1 -> g.registers().write("GICD_ICFGR" + intid / 16, v, rnd.nextInt());
                            case 2 -> g.writeLineLevelInfo(pin, rnd.nextBoolean());
                            default -> g.uaccessWritePending(pin, rnd.nextBoolean());
                        }
                    }
                }
            }
            overflowingFlushes += g.apListChecks()[0];
            prunes += g.apListChecks()[1];
        }
        // The rounds reach what the tracking skips: overflowing lists and prunes that take interrupts off.
        if (!release.lrOverflow()) {
            assertTrue(overflowingFlushes > 1000, "order checks of an overflowing list from the reports: " + overflowingFlushes);
        }
        assertTrue(prunes > 1000, "prunes that took an interrupt off: " + prunes);
    }
}
