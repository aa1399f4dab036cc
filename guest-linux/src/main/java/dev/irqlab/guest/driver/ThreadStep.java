package dev.irqlab.guest.driver;

import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.sim.Sim;
import java.util.function.Consumer;

/**
 * The part of a thread function that runs after a bus transfer ({@code i2c_master_recv}, a bus
 * read): posted {@code delayNs} later as one event, and then given the run's completion. genirq runs
 * an irq's thread one run at a time, so the completion of the run in flight waits in a field and the
 * event is made once; a run that begins while another's transfer is still in flight (a kernel that
 * overlaps runs) gets an event of its own.
 */
final class ThreadStep {

    private final Sim sim;
    private final long delayNs;
    private final String what;
    private final Consumer<IrqThreadFn.Completion> step;
    /** The completion of the run whose transfer is in flight, or null. */
    private IrqThreadFn.Completion inFlight;
    /** The end of the transfer of {@link #inFlight} as an event, made once. */
    private final Runnable done = this::done;

    ThreadStep(Sim sim, long delayNs, String what, Consumer<IrqThreadFn.Completion> step) {
        this.sim = sim;
        this.delayNs = delayNs;
        this.what = what;
        this.step = step;
    }

    /** Starts the transfer of the run that {@code completion} ends. */
    void start(IrqThreadFn.Completion completion) {
        if (inFlight != null) {
            sim.scheduler().post(delayNs, what, () -> step.accept(completion));
            return;
        }
        inFlight = completion;
        sim.scheduler().post(delayNs, what, done);
    }

    private void done() {
        IrqThreadFn.Completion completion = inFlight;
        inFlight = null;
        step.accept(completion);
    }
}
