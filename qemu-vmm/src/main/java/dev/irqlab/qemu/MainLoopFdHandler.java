package dev.irqlab.qemu;

import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;

/**
 * {@code qemu_set_fd_handler(fd, handler, NULL, opaque)} (util/main-loop.c, util/aio-posix.c): QEMU's
 * main loop polls the event fd and, once it is readable, runs the handler in the main thread. A
 * signal while the handler's run is already due adds nothing: the handler reads the counter
 * ({@code event_notifier_test_and_clear}), which coalesces the signals. The time from the signal to
 * the handler is the VMM's {@code eventfd-handler-latency}. A handler removed before its run is due
 * does not run: QEMU sets and removes handlers in the main thread, which dispatches none in between.
 */
final class MainLoopFdHandler {

    private final Sim sim;
    private final long latencyNs;
    private final String what;
    private final Runnable handler;
    private boolean due;
    private boolean removed;

    private MainLoopFdHandler(Sim sim, long latencyNs, String what, Runnable handler) {
        this.sim = sim;
        this.latencyNs = latencyNs;
        this.what = what;
        this.handler = handler;
    }

    /**
     * Sets {@code handler} as the fd's read handler; {@code what} names its run in the schedule.
     *
     * @return what {@code qemu_set_fd_handler(fd, NULL, NULL, opaque)} undoes
     */
    static EventFd.Registration set(Sim sim, EventFd fd, long latencyNs, String what, Runnable handler) {
        MainLoopFdHandler h = new MainLoopFdHandler(sim, latencyNs, what, handler);
        EventFd.Registration waiter = fd.addWaiter(f -> h.readable());
        return () -> {
            waiter.remove();
            h.removed = true;
        };
    }

    private void readable() {
        if (!due) {
            due = true;
            sim.scheduler().schedule(latencyNs, what, () -> {
                due = false;
                if (!removed) {
                    handler.run();
                }
            });
        }
    }
}
