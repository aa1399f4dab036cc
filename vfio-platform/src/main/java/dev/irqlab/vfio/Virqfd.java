package dev.irqlab.vfio;

import dev.irqlab.api.Errno;
import dev.irqlab.api.sim.EventFd;

/**
 * {@code struct virqfd} (drivers/vfio/virqfd.c): a user-to-kernel event fd whose signal runs a VFIO
 * handler. Only the handler half is modelled: vfio-platform registers no {@code thread}, so the
 * {@code inject} work item is never scheduled.
 *
 * <p>One slot per irq and purpose ({@code irqs[i].mask}, {@code irqs[i].unmask}); a slot holds at
 * most one virqfd ({@code vfio_virqfd_enable} returns {@code -EBUSY} otherwise).
 */
final class Virqfd {

    private final Runnable handler;
    private EventFd fd;
    private EventFd.Registration registration;

    Virqfd(Runnable handler) {
        this.handler = handler;
    }

    /**
     * drivers/vfio/virqfd.c {@code vfio_virqfd_enable}: {@code -EBUSY} if the slot is taken; else
     * install the wait-queue entry and, if the fd already has a count ({@code vfs_poll} reports
     * {@code EPOLLIN}), run the handler at once "as if we didn't miss it" — without reading the
     * counter, which therefore stays non-zero until the next wake-up reads it.
     */
    int enable(EventFd eventFd) {
        if (fd != null) {
            return -Errno.EBUSY;
        }
        fd = eventFd;
        registration = eventFd.addWaiter(this::wakeup);
        if (eventFd.count() > 0) {
            handler.run();
        }
        return 0;
    }

    /**
     * drivers/vfio/virqfd.c {@code vfio_virqfd_disable}: queue the shutdown and flush the cleanup
     * workqueue, so the wait-queue entry is gone when the call returns. No-op on an empty slot.
     */
    void disable() {
        if (fd == null) {
            return;
        }
        registration.remove();
        registration = null;
        fd = null;
    }

    boolean active() {
        return fd != null;
    }

    EventFd fd() {
        return fd;
    }

    /**
     * drivers/vfio/virqfd.c {@code virqfd_wakeup} on {@code EPOLLIN}: consume the counter
     * ({@code eventfd_ctx_do_read}), then call the handler synchronously, still inside the
     * {@code eventfd_signal()} of whoever signalled.
     */
    private void wakeup(EventFd signalled) {
        signalled.read();
        handler.run();
    }
}
