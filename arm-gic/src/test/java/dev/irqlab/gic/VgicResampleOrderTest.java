package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.ResampleOnEnable;
import dev.irqlab.gic.kvm.ResampleOnEnable.Order;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.SimHarness;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fix vgic-resample-on-enable's two steps (drop line_level, notify the resampler) in either order,
 * with a window between them in which another CPU's injection may land (see {@link ResampleOnEnable}).
 * An injection of a level that is already 1 changes nothing (vgic.c {@code vgic_validate_injection});
 * a later clear erases it.
 */
class VgicResampleOrderTest {

    private static final int PIN = 8;
    private static final int INTID = 40;

    private SimHarness h;
    private Vgic vgic;
    private CpuLineProbe vcpu0;

    /** A guest that has enabled the level SPI, then masked it; a stale line_level latched meanwhile. */
    private void staleLevelWhileMasked(ResampleOnEnable rule) {
        h = new SimHarness();
        vgic = new Vgic(GicVersion.V3, KvmRelease.NEWEST, h.sim(), "vm0.vgic-v3", 1, 64, 4, 0, false, true, rule, (c, d) -> { },
                a -> new LinuxGicChip(a, 0));
        vgic.init();
        vcpu0 = new CpuLineProbe();
        vgic.connectCpu(0, vcpu0);
        vgic.driverInit(0); // the guest booted: gic_dist_init
        assertEquals(0, vgic.chip().setType(INTID, Trigger.LEVEL_HIGH));
        vgic.chip().unmask(INTID);
        vgic.chip().mask(INTID);
        vgic.setIrq(PIN, 0, true);
    }

    @Test
    @DisplayName("notify before clear: a re-injection inside the notification is erased by the clear")
    void notifyBeforeClearLosesASynchronousReinjection() {
        staleLevelWhileMasked(new ResampleOnEnable(Order.NOTIFY_BEFORE_CLEAR, 0));
        vgic.setResamplerHook(pin -> {
            vgic.setIrq(pin, 0, true); // the device asserts again: vfio unmask, host irq, irqfd inject
            return true;
        });
        vgic.chip().unmask(INTID);
        assertFalse(vgic.irqState(INTID).lineLevel(), "the fresh sample is gone");
        assertFalse(vcpu0.asserted(), "nothing is delivered");
    }

    @Test
    @DisplayName("notify before clear: an injection in the window is lost, one after it is delivered")
    void notifyBeforeClearWindow() {
        staleLevelWhileMasked(new ResampleOnEnable(Order.NOTIFY_BEFORE_CLEAR, SimHarness.us(10)));
        int[] notified = new int[1];
        vgic.setResamplerHook(pin -> ++notified[0] > 0);
        vgic.chip().unmask(INTID);
        assertEquals(1, notified[0], "notified at the ISENABLER write");
        assertTrue(vgic.irqState(INTID).lineLevel(), "the clear waits for the window");
        h.runFor(SimHarness.us(4));
        vgic.setIrq(PIN, 0, true); // lands in the window: line_level is already 1, nothing queued
        h.runFor(SimHarness.us(10));
        assertFalse(vgic.irqState(INTID).lineLevel(), "the clear erased it");
        assertFalse(vcpu0.asserted());
        vgic.setIrq(PIN, 0, true); // after the window: a fresh sample, queued
        assertTrue(vcpu0.asserted());
    }

    @Test
    @DisplayName("clear before notify: an injection in the window is a fresh sample and is delivered")
    void clearBeforeNotifyWindow() {
        staleLevelWhileMasked(new ResampleOnEnable(Order.CLEAR_BEFORE_NOTIFY, SimHarness.us(10)));
        int[] notified = new int[1];
        vgic.setResamplerHook(pin -> ++notified[0] > 0);
        vgic.chip().unmask(INTID);
        assertFalse(vgic.irqState(INTID).lineLevel(), "dropped at the ISENABLER write");
        assertEquals(0, notified[0], "the notification waits for the window");
        h.runFor(SimHarness.us(4));
        vgic.setIrq(PIN, 0, true);
        assertTrue(vcpu0.asserted(), "the injection in the window is queued");
        h.runFor(SimHarness.us(10));
        assertEquals(1, notified[0]);
        assertTrue(vgic.irqState(INTID).lineLevel(), "and stays");
    }
}
