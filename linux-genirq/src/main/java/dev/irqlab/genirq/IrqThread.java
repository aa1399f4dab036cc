package dev.irqlab.genirq;

import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.trace.HandlerStage;

/**
 * The irq thread of one threaded action (kernel/irq/manage.c {@code irq_thread}).
 *
 * <p>{@code IRQTF_RUNTHREAD} is set by the hard interrupt ({@code __irq_wake_thread}, kernel/irq/handle.c)
 * and test-and-cleared by the thread before each run ({@code irq_wait_for_interrupt}). A sleeping thread
 * is scheduled on the kernel's executor after the {@code thread-wakeup} latency; a thread woken while it
 * is already waking or running just finds the bit set and runs again after the current run, at once
 * (it never went to sleep). The thread function may finish later in virtual time
 * ({@link IrqThreadFn.Completion}); the rest of {@code irq_thread_fn} ({@code threads_handled},
 * {@code irq_finalize_oneshot}) then runs on the thread's CPU, as kernel code does.
 */
final class IrqThread {

    private enum State { SLEEPING, WAKING, RUNNING }

    private final IrqDesc desc;
    private final IrqAction action;
    private final CpuExecutor executor;
    private final long wakeupNs;
    private final KernelTrace trace;
    private final ChipCalls chip;
    private final SynchronizeIrq sync;
    private final String track;
    private final String spanName;
    /** The thread's wake-up as an event, made once. */
    private final Runnable waitForInterrupt = this::waitForInterrupt;
    /**
     * The completion of the thread function's run in progress, reused: the thread starts a run only
     * after the last one completed (it is RUNNING until then), so one run's completion is never
     * outstanding when the next begins.
     */
    private final OneCompletion done = new OneCompletion();

    private boolean runThread;
    private State state = State.SLEEPING;
    private int cpu;
    private int runs;

    IrqThread(IrqDesc desc, IrqAction action, CpuExecutor executor, long wakeupNs, KernelTrace trace, ChipCalls chip,
              SynchronizeIrq sync) {
        this.desc = desc;
        this.action = action;
        this.executor = executor;
        this.wakeupNs = wakeupNs;
        this.trace = trace;
        this.chip = chip;
        this.sync = sync;
        // setup_irq_thread: "irq/%d-%s", a forced secondary "irq/%d-s-%s"
        String comm = "irq/" + desc.irq + (action.isForcedSecondary() ? "-s-" : "-") + action.name;
        this.track = comm;
        this.spanName = comm;
    }

    /** {@code test_and_set_bit(IRQTF_RUNTHREAD, &action->thread_flags)}. */
    boolean testAndSetRunThread() {
        boolean old = runThread;
        runThread = true;
        return old;
    }

    boolean runThreadSet() {
        return runThread;
    }

    /** Number of completed thread-function runs. */
    int runs() {
        return runs;
    }

    /**
     * kernel/irq/handle.c {@code __irq_wake_thread}: if IRQTF_RUNTHREAD was already set nothing happens;
     * else {@code threads_oneshot |= thread_mask}, {@code threads_active++}, wake the thread.
     */
    static void wake(IrqDesc desc, IrqAction action, int cpu) {
        if (action.thread.testAndSetRunThread()) {
            return;
        }
        desc.threadsOneshot |= action.threadMask;
        desc.threadsActive++;
        action.thread.wakeUp(cpu);
    }

    /** {@code wake_up_process(action->thread)}: a sleeping thread is scheduled on {@code cpu}. */
    void wakeUp(int onCpu) {
        if (state != State.SLEEPING) {
            return;
        }
        state = State.WAKING;
        cpu = onCpu;
        executor.run(cpu, wakeupNs, track, waitForInterrupt);
    }

    /** kernel/irq/manage.c {@code irq_wait_for_interrupt}: run if RUNTHREAD was set, else sleep. */
    private void waitForInterrupt() {
        if (!runThread) {
            state = State.SLEEPING;
            return;
        }
        runThread = false;
        state = State.RUNNING;
        trace.spanBegin(track, spanName);
        done.begin();
        action.threadFn.run(desc.irq, done);
        done.inside = false;
        if (done.result != null) {
            threadFnReturned(done.result);
        }
    }

    /** kernel/irq/manage.c {@code irq_thread_fn} after {@code thread_fn} returned, then the thread loop. */
    private void threadFnReturned(IrqReturn ret) {
        trace.handlerRan(desc.irq, action.name, HandlerStage.THREAD, ret);
        trace.spanEnd(track, spanName);
        runs++;
        if (ret == IrqReturn.HANDLED) {
            desc.threadsHandled++;
        }
        finalizeThenLoop(ret);
    }

    /**
     * {@code irq_finalize_oneshot}, then the rest of the thread loop. While a hard handler of the irq
     * runs on another CPU (IRQD_IRQ_INPROGRESS), {@code irq_finalize_oneshot} drops the lock,
     * {@code cpu_relax()}es and tries again: the thread spins on its CPU ({@value #SPIN_NS} ns a try).
     */
    private void finalizeThenLoop(IrqReturn ret) {
        if (oneshotApplies() && desc.inProgress) {
            executor.hold(cpu, SPIN_NS, track, () -> finalizeThenLoop(ret));
            return;
        }
        irqFinalizeOneshot();
        if (ret == IrqReturn.WAKE_THREAD && action.secondary != null) {
            // irq_thread: irq_wake_secondary, before wake_threads_waitq
            wake(desc, action.secondary, cpu);
        }
        if (runThread) {
            executor.run(cpu, 0, track, waitForInterrupt);
        } else {
            state = State.SLEEPING;
        }
        sync.threadFinished(desc);
    }

    /** One spin of {@code irq_finalize_oneshot}'s wait for the hard handler ({@code cpu_relax}, relock). */
    private static final long SPIN_NS = 100;

    private boolean oneshotApplies() {
        return desc.oneshot && !action.isForcedSecondary();
    }

    /**
     * kernel/irq/manage.c {@code irq_finalize_oneshot}: only for IRQS_ONESHOT and not for a forced
     * secondary ({@code irq_forced_secondary_handler}); if RUNTHREAD was set again
     * meanwhile the line stays masked and the thread runs again; else clear this action's bit in
     * {@code threads_oneshot} and, when no ONESHOT thread is left, the irq not disabled and masked,
     * {@code unmask_threaded_irq}. Called when no hard handler of the irq is in progress
     * ({@link #finalizeThenLoop} waits for that).
     */
    private void irqFinalizeOneshot() {
        if (!oneshotApplies()) {
            return;
        }
        if (runThread) {
            return;
        }
        desc.threadsOneshot &= ~action.threadMask;
        if (desc.threadsOneshot == 0 && !desc.disabled() && desc.masked()) {
            chip.unmaskThreadedIrq(desc, "irq_finalize_oneshot");
        }
    }

    private final class OneCompletion implements IrqThreadFn.Completion {
        boolean inside;
        IrqReturn result;
        boolean completed;
        /** The rest of {@code irq_thread_fn} for a function that completed later, as an event made once. */
        private final Runnable returned = this::returned;

        private void returned() {
            threadFnReturned(result);
        }

        /** A new run of the thread function: not completed, and completing now returns at once. */
        void begin() {
            inside = true;
            result = null;
            completed = false;
        }

        @Override
        public void complete(IrqReturn value) {
            if (value == null) {
                throw new IllegalStateException(spanName + ": thread function completed with null");
            }
            if (completed) {
                throw new IllegalStateException(spanName + ": thread function completed twice");
            }
            completed = true;
            result = value;
            if (!inside) {
                executor.run(cpu, 0, track, returned);
            }
        }
    }
}
