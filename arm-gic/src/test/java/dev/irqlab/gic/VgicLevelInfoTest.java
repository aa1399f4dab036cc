package dev.irqlab.gic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.kvm.KvmRelease;
import dev.irqlab.gic.kvm.Vgic;
import dev.irqlab.gic.linux.LinuxGicChip;
import dev.irqlab.tck.CpuLineProbe;
import dev.irqlab.tck.SimHarness;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code KVM_SET_DEVICE_ATTR(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO)} from user space, as QEMU's
 * {@code kvm_arm_gicv3_put} writes it at every system reset: vgic-mmio.c
 * {@code vgic_write_irq_line_level_info}.
 */
class VgicLevelInfoTest {

    private static final int PIN = 8;
    private static final int INTID = 40;
    private final SimHarness h = new SimHarness();
    private final ExitSink exits = (cause, detail) -> { };

    private Vgic vgic(GicVersion version) {
        Vgic g = new Vgic(version, KvmRelease.NEWEST, h.sim(), "vm0." + version.virtualName(), 1, 64, 4, 0, false, false, exits,
                a -> new LinuxGicChip(a, 0));
        g.init();
        g.connectCpu(0, new CpuLineProbe());
        g.driverInit(0); // the guest booted: gic_dist_init
        return g;
    }

    @Test
    @DisplayName("vgic_write_irq_line_level_info: a 0 erases the level an irqfd latched; the SPI is no longer pending")
    void zeroErasesTheLatchedLevel() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(0, g.setIrq(PIN, 0, true));
        assertTrue(g.irqState(INTID).pending());
        assertEquals(0, g.writeLineLevelInfo(PIN, false));
        assertFalse(g.irqState(INTID).lineLevel());
        assertFalse(g.irqState(INTID).pending());
    }

    @Test
    @DisplayName("vgic_write_irq_line_level_info: the level is set whatever the configuration, a 1 makes it pending")
    void oneSetsTheLevel() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(0, g.writeLineLevelInfo(PIN, true));
        assertTrue(g.irqState(INTID).lineLevel());
        assertTrue(g.irqState(INTID).pending());
    }

    @Test
    @DisplayName("vgic_v3_uaccess_write_pending: a user-space 0 clears pending_latch, which a guest's ICPENDR-less GIC init never does")
    void userSpacePendingWriteClears() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(0, g.uaccessWritePending(PIN, true));
        assertTrue(g.irqState(INTID).pendingLatch());
        assertEquals(0, g.uaccessWritePending(PIN, false));
        assertFalse(g.irqState(INTID).pendingLatch());
        assertFalse(g.irqState(INTID).pending());
    }

    @Test
    @DisplayName("VGIC_LEVEL_INFO_LINE_LEVEL takes 32 interrupts a write: bit n is vINTID + n, a 0 erases a latched level")
    void levelInfoBitmapOf32() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(0, g.setIrq(PIN, 0, true));
        assertEquals(0, g.writeLineLevelInfoBits(32, 1 << 8 | 1 << 31)); // vINTIDs 64..95
        assertTrue(g.irqState(72).lineLevel());
        assertTrue(g.irqState(95).lineLevel());
        assertFalse(g.irqState(73).lineLevel());
        assertTrue(g.irqState(INTID).lineLevel(), "another 32's level is not written");
        assertEquals(0, g.writeLineLevelInfoBits(0, 0));
        assertFalse(g.irqState(INTID).lineLevel());
        assertFalse(g.irqState(INTID).pending());
    }

    @Test
    @DisplayName("arm-vgic-v3.rst: a vINTID that is not a multiple of 32 is -EINVAL; interrupts past the last are ignored")
    void levelInfoBitmapBounds() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(-Errno.EINVAL, g.writeLineLevelInfoBits(PIN, 1));
        assertFalse(g.irqState(INTID).lineLevel());
        assertEquals(0, g.writeLineLevelInfoBits(64, -1)); // vINTIDs 96..127: past the 64 SPIs
        assertEquals(-Errno.ENXIO, vgic(GicVersion.V2).writeLineLevelInfoBits(0, 0));
    }

    @Test
    @DisplayName("vgic_v3_uaccess_write_pending of a whole GICD_ISPENDR: each bit is its interrupt's pending_latch")
    void userSpacePendingRegister() {
        Vgic g = vgic(GicVersion.V3);
        assertEquals(0, g.uaccessWritePendingBits(0, 1 << PIN | 1 << 9));
        assertTrue(g.irqState(INTID).pendingLatch());
        assertTrue(g.irqState(41).pendingLatch());
        assertFalse(g.irqState(42).pendingLatch());
        assertEquals(0, g.uaccessWritePendingBits(0, 1 << 9));
        assertFalse(g.irqState(INTID).pendingLatch());
        assertTrue(g.irqState(41).pendingLatch());
    }

    @Test
    @DisplayName("vgic-kvm-device.c: only the GICv3 vGIC has KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO; GICv2 answers -ENXIO")
    void gicV2HasNoLevelInfo() {
        Vgic g = vgic(GicVersion.V2);
        assertEquals(0, g.setIrq(PIN, 0, true));
        assertEquals(-Errno.ENXIO, g.writeLineLevelInfo(PIN, false));
        assertTrue(g.irqState(INTID).lineLevel());
    }
}
