package dev.irqlab.api.kernel;

/**
 * Runs kernel code on a CPU. The host's CPUs run it when scheduled; a guest's vCPUs run it only
 * while in guest mode, so the hypervisor's executor postpones work while the vCPU is busy in an exit.
 *
 * <p>Protocol: {@code action} runs on {@code cpu} no earlier than {@code delayNs} from now; the
 * executor brackets it with whatever the CPU needs (vCPU entry/exit). Actions on one CPU run one at
 * a time, in order of their due time.
 */
public interface CpuExecutor {

    void run(int cpu, long delayNs, String what, Runnable action);

    /**
     * As {@link #run}, for work that a timer's expiry starts ({@code mod_timer}, {@code hrtimer_start}):
     * the CPU has nothing to do until then and may idle, whereas work given to {@link #run} from code
     * running on that CPU is the CPU's own continuation (it stays busy until it runs).
     */
    default void runOnTimer(int cpu, long delayNs, String what, Runnable action) {
        run(cpu, delayNs, what, action);
    }

    /**
     * The code running now on {@code cpu} goes on for {@code delayNs} of the CPU's own time (a hard
     * handler, a flow's chip operations: interrupts are off, nothing else runs there) and continues with
     * {@code action}. Until {@code action} has run the CPU stays with it: work that comes due on that CPU
     * meanwhile runs after {@code action} (after the last of a chain of holds). A vCPU's delay starts
     * when the exits it owes are paid. The default, for executors without a notion of busy time, is
     * {@link #run}.
     */
    default void hold(int cpu, long delayNs, String what, Runnable action) {
        run(cpu, delayNs, what, action);
    }

    /** The CPU currently running kernel code, or -1 outside any. */
    int currentCpu();
}
