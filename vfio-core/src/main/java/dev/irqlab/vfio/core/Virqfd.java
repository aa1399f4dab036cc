package dev.irqlab.vfio.core;

import dev.irqlab.api.Errno;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import java.util.function.BooleanSupplier;

/**
 * {@code struct virqfd} (drivers/vfio/virqfd.c): a user-to-kernel event fd whose signal runs a VFIO
 * handler and, when the handler asks for it, a {@code thread} function from a work item
 * ({@code virqfd->inject}, {@code schedule_work}). vfio-platform registers a handler only;
 * vfio-pci's INTx unmask registers {@code vfio_pci_intx_unmask_handler} with
 * {@code vfio_send_intx_eventfd} as the thread, run when the handler returns non-zero.
 *
 * <p>One slot per irq and purpose ({@code irqs[i].mask}, {@code ctx->unmask}); a slot holds at most
 * one virqfd ({@code vfio_virqfd_enable} returns {@code -EBUSY} otherwise).
 */
public final class Virqfd {

    private final BooleanSupplier handler;
    private final Runnable thread;
    private final Sim sim;
    private final long workLatencyNs;
    /** The work item's event name, {@code "<name> virqfd inject"}, built once. */
    private final String injectName;
    private EventFd fd;
    private EventFd.Registration registration;

    /** A virqfd with a handler only (vfio-platform). */
    public Virqfd(Runnable handler) {
        this(() -> {
            handler.run();
            return false;
        }, null, null, 0, "");
    }

    /**
     * A virqfd whose handler's {@code true} (the C {@code int} non-zero) queues {@code thread} on the
     * system workqueue, which runs it {@code workLatencyNs} later (vfio-pci INTx unmask).
     */
    public Virqfd(BooleanSupplier handler, Runnable thread, Sim sim, long workLatencyNs, String name) {
        this.handler = handler;
        this.thread = thread;
        this.sim = sim;
        this.workLatencyNs = workLatencyNs;
        this.injectName = name + " virqfd inject";
    }

    /**
     * drivers/vfio/virqfd.c {@code vfio_virqfd_enable}: {@code -EBUSY} if the slot is taken; else
     * install the wait-queue entry and, if the fd already has a count ({@code vfs_poll} reports
     * {@code EPOLLIN}), run the handler at once "as if we didn't miss it" — without reading the
     * counter, which therefore stays non-zero until the next wake-up reads it.
     */
    public int enable(EventFd eventFd) {
        if (fd != null) {
            return -Errno.EBUSY;
        }
        fd = eventFd;
        registration = eventFd.addWaiter(this::wakeup);
        if (eventFd.count() > 0) {
            handle();
        }
        return 0;
    }

    /**
     * drivers/vfio/virqfd.c {@code vfio_virqfd_disable}: queue the shutdown and flush the cleanup
     * workqueue, so the wait-queue entry is gone when the call returns. No-op on an empty slot.
     */
    public void disable() {
        if (fd == null) {
            return;
        }
        registration.remove();
        registration = null;
        fd = null;
    }

    public boolean active() {
        return fd != null;
    }

    public EventFd fd() {
        return fd;
    }

    /**
     * drivers/vfio/virqfd.c {@code virqfd_wakeup} on {@code EPOLLIN}: consume the counter
     * ({@code eventfd_ctx_do_read}), then call the handler synchronously, still inside the
     * {@code eventfd_signal()} of whoever signalled.
     */
    private void wakeup(EventFd signalled) {
        signalled.read();
        handle();
    }

    /**
     * {@code if ((!virqfd->handler || virqfd->handler(opaque, data)) && virqfd->thread)
     * schedule_work(&virqfd->inject)}: the thread never runs inside the signaller's
     * {@code eventfd_signal} (which would deadlock on the same wait queue), always from the work item.
     */
    private void handle() {
        if (handler.getAsBoolean() && thread != null) {
            sim.scheduler().post(workLatencyNs, injectName, thread); // nobody cancels the inject work
        }
    }
}
