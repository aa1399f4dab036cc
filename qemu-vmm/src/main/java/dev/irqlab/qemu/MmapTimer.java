package dev.irqlab.qemu;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.sim.Timer;

/**
 * The mmap timer of QEMU's user-space interrupt paths (hw/vfio/pci.c {@code intx.mmap_timer},
 * hw/vfio/platform.c {@code mmap_timer}; a {@code QEMU_CLOCK_VIRTUAL} timer): {@link #mod} is
 * {@code timer_mod(timer, now + timeout)}, which moves a pending expiry rather than adding one.
 */
final class MmapTimer {

    private final Sim sim;
    private final long timeoutNs;
    private final String what;
    private final Runnable expired;
    private Timer pending;

    MmapTimer(Sim sim, long timeoutNs, String what, Runnable expired) {
        this.sim = sim;
        this.timeoutNs = timeoutNs;
        this.what = what;
        this.expired = expired;
    }

    /** {@code timer_mod(timer, qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + timeout)}. */
    void mod() {
        if (pending != null) {
            pending.cancel();
        }
        pending = sim.scheduler().schedule(timeoutNs, what, expired);
    }
}
