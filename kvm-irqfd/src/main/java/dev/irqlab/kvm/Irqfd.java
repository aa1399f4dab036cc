package dev.irqlab.kvm;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Work;

/**
 * {@code struct kvm_kernel_irqfd} (include/linux/kvm_irqfd.h): an event fd bound to a GSI, with its
 * {@code inject} work item and, for {@code KVM_IRQFD_FLAG_RESAMPLE}, a resamplefd and the shared
 * resampler of the GSI.
 */
final class Irqfd {

    private final KvmIrqfds kvm;
    private final EventFd eventfd;
    private final int gsi;
    private final EventFd resamplefd;
    private final Work inject;
    private IrqfdResampler resampler;
    private EventFd.Registration wait;

    Irqfd(KvmIrqfds kvm, EventFd eventfd, int gsi, EventFd resamplefd, long injectLatencyNs) {
        this.kvm = kvm;
        this.eventfd = eventfd;
        this.gsi = gsi;
        this.resamplefd = resamplefd;
        this.inject = kvm.sim().work("irqfd-inject gsi " + gsi, injectLatencyNs, this::inject);
    }

    EventFd eventfd() {
        return eventfd;
    }

    int gsi() {
        return gsi;
    }

    EventFd resamplefd() {
        return resamplefd;
    }

    IrqfdResampler resampler() {
        return resampler;
    }

    void setResampler(IrqfdResampler resampler) {
        this.resampler = resampler;
    }

    Work injectWork() {
        return inject;
    }

    /**
     * {@code vfs_poll(..., &irqfd->pt)}: add the wait-queue entry as the version does
     * ({@link IrqfdWaitQueue}); false when {@code add_wait_queue_priority_exclusive} refuses.
     */
    boolean hook(IrqfdWaitQueue queue) {
        switch (queue) {
            case LINUX_5_10:
                wait = eventfd.addWaiter(this::wakeup);
                return true;
            case LINUX_5_11:
                wait = eventfd.addPriorityWaiter(this::wakeup);
                return true;
            case LINUX_6_17:
            default:
                wait = eventfd.addPriorityExclusiveWaiter(this::wakeup).orElse(null);
                return wait != null;
        }
    }

    /**
     * {@code eventfd_ctx_remove_wait_queue} in {@code irqfd_shutdown}: it reads (and so resets) the
     * counter, then leaves the wait queue (fs/eventfd.c).
     */
    void unhook() {
        if (wait != null) {
            eventfd.read();
            wait.remove();
            wait = null;
        }
    }

    /**
     * virt/kvm/eventfd.c {@code irqfd_wakeup} on {@code EPOLLIN}: read (and so reset) the counter
     * first, then try {@code kvm_arch_set_irq_inatomic(..., KVM_USERSPACE_IRQ_SOURCE_ID, 1, ...)}.
     * arm64 (vgic-irqfd.c) injects an SPI right here, level 1 only — no pulse, and the userspace
     * source even for a resample irqfd (the vGIC keeps no per-source state). Everywhere else the
     * attempt returns {@code -EWOULDBLOCK} and the inject work is scheduled; it is queued at most once,
     * so signals that arrive before it runs coalesce into one injection.
     */
    private void wakeup(EventFd fd) {
        fd.read();
        if (kvm.injectsInAtomicContext(gsi)) {
            kvm.setIrq(IrqSource.USERSPACE, gsi, true);
        } else {
            inject.schedule();
        }
    }

    /**
     * virt/kvm/eventfd.c {@code irqfd_inject}: a pulse (1 then 0) from the userspace source for a plain
     * irqfd; for a resample irqfd, level 1 from the resample source and nothing else — the line stays
     * asserted until {@code irqfd_resampler_ack}.
     */
    void inject() {
        if (resampler == null) {
            kvm.setIrq(IrqSource.USERSPACE, gsi, true);
            kvm.setIrq(IrqSource.USERSPACE, gsi, false);
        } else {
            kvm.setIrq(IrqSource.IRQFD_RESAMPLE, gsi, true);
        }
    }
}
