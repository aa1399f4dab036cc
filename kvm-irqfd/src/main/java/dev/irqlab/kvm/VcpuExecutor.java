package dev.irqlab.kvm;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.Scheduler;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.IntPredicate;

/**
 * The vCPUs of one VM as a {@link CpuExecutor} (the {@code KVM_RUN} loop of each vCPU thread): guest
 * work runs one action at a time per vCPU, in order of due time. A vCPU that took an exit is busy in
 * the host until the exit's cost is paid; actions that come due meanwhile wait in a per-vCPU queue, in
 * order, and run when it is back in the guest.
 *
 * <p>How entry and exit bracket the work depends on the controller
 * ({@link VirtualInterruptController#runsInGuestMode}):
 * <ul>
 *   <li>In guest mode (arm64 arm.c {@code kvm_arch_vcpu_ioctl_run}, 6.17-6.19): the vCPU enters guest
 *   mode ({@code irqchip.vcpuEntry}, {@code kvm_vgic_flush_hwstate} before {@code IN_GUEST_MODE}) for
 *   its first piece of work and stays there while it has work: its own continuations (what its guest
 *   code gave to {@link #run}: a thread woken, the exception entry of a pending interrupt) and whatever
 *   comes due. With none left and no interrupt pending for it, the guest's idle loop executes WFI
 *   ({@code cpu_do_idle}), which traps: KVM sets {@code HCR_EL2.TWI} unless the vCPU has vLPIs or
 *   vSGIs without active state and runs alone ({@code kvm_arch_vcpu_load},
 *   {@code kvm_vcpu_should_clear_twi}; a WFI with an interrupt pending completes without trapping,
 *   ARM DDI 0487 D1.13.4 / HCR_EL2.TWI). That is an {@code idle} exit ({@code kvm_handle_wfx} →
 *   {@code kvm_vcpu_wfi}: {@code kvm_vgic_sync_hwstate}, {@code kvm_vgic_put}, {@code kvm_vcpu_halt});
 *   the vCPU is outside guest mode until work arrives for it (KVM: {@code kvm_arch_vcpu_runnable},
 *   the vGIC's pending interrupt or a timer, wakes it) and enters again. A kick reaches it through
 *   {@link VmExits#kick}: an exit only while it is in guest mode.</li>
 *   <li>Otherwise each action is bracketed by {@code irqchip.vcpuEntry} and {@code irqchip.vcpuExit}
 *   and idling costs nothing.</li>
 * </ul>
 */
final class VcpuExecutor implements CpuExecutor {

    /**
     * A piece of guest work; queued as its own event, it arrives at its vCPU when it comes due. Reused:
     * back on the executor's free list when its vCPU takes it to run (nothing else refers to it then).
     */
    private final class Action implements Runnable {
        private int vcpu;
        private String what;
        private Runnable body;
        /** Given by the vCPU's own guest code: the vCPU does not idle before it runs. */
        private boolean continuation;

        @Override
        public void run() {
            arrive(vcpu, this);
        }
    }

    private final Scheduler scheduler;
    private final String vmName;
    private final long[] busyUntil;
    private final Deque<Action>[] ready;
    /** Per vCPU: its return to the guest is queued (it owes an exit's cost and has work waiting). */
    private final boolean[] resuming;
    /** Per vCPU: the event of its return to the guest, made once. */
    private final Runnable[] drainer;
    /** Actions that have run, for reuse: a stack ({@code freeActions[0..freeCount)}). */
    private Action[] freeActions = new Action[4];
    private int freeCount;
    /** Per vCPU: the name of its return to the guest. */
    private final String[] backInGuest;
    /** Per vCPU: its actor in the event queue. */
    private final String[] actor;
    /** Per vCPU: the detail of its idle exit. */
    private final String[] wfi;
    /** Per vCPU, in guest mode: {@code vcpu->mode == IN_GUEST_MODE} between entry and a halt. */
    private final boolean[] inGuest;
    /** Per vCPU, in guest mode: its continuations not yet arrived. */
    private final int[] owed;
    /** Per vCPU: a hold's continuation is pending (guest code running with interrupts off). */
    private final boolean[] held;
    /** Per vCPU: its pending hold's continuation and name. */
    private final Runnable[] continuation;
    private final String[] continuationWhat;
    /** Per vCPU: the event that ends its hold, made once (no allocation per hold). */
    private final Runnable[] release;
    private VirtualInterruptController irqchip;
    private VmExits exits;
    private boolean guestMode;
    /** Whether a vCPU's interrupt input is asserted (an interrupt pending for the guest). */
    private IntPredicate interruptPending = v -> false;
    private int current = -1;

    @SuppressWarnings({"unchecked", "rawtypes"})
    VcpuExecutor(Scheduler scheduler, String vmName, int vcpus) {
        this.scheduler = scheduler;
        this.vmName = vmName;
        this.busyUntil = new long[vcpus];
        this.ready = new Deque[vcpus];
        this.resuming = new boolean[vcpus];
        this.drainer = new Runnable[vcpus];
        this.backInGuest = new String[vcpus];
        this.actor = new String[vcpus];
        this.wfi = new String[vcpus];
        this.inGuest = new boolean[vcpus];
        this.owed = new int[vcpus];
        this.held = new boolean[vcpus];
        this.continuation = new Runnable[vcpus];
        this.continuationWhat = new String[vcpus];
        this.release = new Runnable[vcpus];
        for (int v = 0; v < vcpus; v++) {
            ready[v] = new ArrayDeque<>();
            backInGuest[v] = vmName + ".vcpu" + v + " back in guest";
            actor[v] = vmName + ".vcpu" + v;
            wfi[v] = "WFI: kvm_handle_wfx -> kvm_vcpu_wfi (vcpu" + v + " idle)";
            int vcpu = v;
            drainer[v] = () -> drain(vcpu);
            release[v] = () -> {
                Runnable action = continuation[vcpu];
                continuation[vcpu] = null;
                release(vcpu, continuationWhat[vcpu], action);
            };
        }
    }

    /**
     * The controller whose entry/exit hooks bracket guest work, and where its idle exits are counted;
     * set once, right after it is built.
     */
    void attach(VirtualInterruptController chip, VmExits vmExits) {
        if (irqchip != null) {
            throw new IllegalStateException(vmName + ": irqchip attached twice");
        }
        this.irqchip = chip;
        this.exits = vmExits;
        this.guestMode = chip.runsInGuestMode();
    }

    /** How the executor sees whether an interrupt is pending for a vCPU (its input from the controller). */
    void interruptPending(IntPredicate pending) {
        this.interruptPending = pending;
    }

    @Override
    public void run(int cpu, long delayNs, String what, Runnable action) {
        schedule(cpu, delayNs, what, action, current == cpu);
    }

    /** A timer's work: the vCPU may idle until it comes due. */
    @Override
    public void runOnTimer(int cpu, long delayNs, String what, Runnable action) {
        schedule(cpu, delayNs, what, action, false);
    }

    private void schedule(int cpu, long delayNs, String what, Runnable action, boolean continuation) {
        if (cpu < 0 || cpu >= ready.length) {
            throw new IllegalArgumentException(vmName + " has no vCPU " + cpu + " (0.." + (ready.length - 1) + ")");
        }
        if (continuation) {
            owed[cpu]++;
        }
        // The event is named by the work alone: its actor names the vCPU (an explorer labels a choice
        // "<actor>: <what>", as a name carrying the vCPU prefix would read).
        Action a = freeCount == 0 ? new Action() : freeActions[--freeCount];
        a.vcpu = cpu;
        a.what = what;
        a.body = action;
        a.continuation = continuation;
        scheduler.postOn(actor[cpu], delayNs, what, a);
    }

    /**
     * The guest code running now on {@code cpu} goes on for {@code delayNs} of guest time after the
     * exits the vCPU owes are paid ({@code max(busyUntil, now) + delayNs}), then {@code action} runs;
     * work that comes due meanwhile waits for it. The vCPU stays in guest mode: a kick meanwhile is
     * an exit, as for a vCPU running guest code.
     */
    @Override
    public void hold(int cpu, long delayNs, String what, Runnable action) {
        if (cpu < 0 || cpu >= ready.length) {
            throw new IllegalArgumentException(vmName + " has no vCPU " + cpu + " (0.." + (ready.length - 1) + ")");
        }
        held[cpu] = true;
        long at = Math.max(busyUntil[cpu], scheduler.now()) + delayNs;
        if (continuation[cpu] == null) {
            continuation[cpu] = action;
            continuationWhat[cpu] = what;
            scheduler.postAtOn(actor[cpu], at, what, release[cpu]);
        } else {
            scheduler.postAtOn(actor[cpu], at, what, () -> release(cpu, what, action));
        }
    }

    /** A hold's continuation runs on the vCPU, then what came due meanwhile, unless it holds again. */
    private void release(int vcpu, String what, Runnable action) {
        held[vcpu] = false;
        execute(vcpu, what, action);
        if (!held[vcpu] && !resuming[vcpu]) {
            drain(vcpu);
        }
    }

    @Override
    public int currentCpu() {
        return current;
    }

    /**
     * The vCPU pays {@code costNs} outside the guest, starting {@code now} (the scheduler's time, read
     * by the caller) or after what it already owes.
     */
    void charge(int vcpu, long now, long costNs) {
        busyUntil[vcpu] = Math.max(busyUntil[vcpu], now) + costNs;
    }

    /** The time until which a vCPU is busy in the host (past values mean: free). */
    long busyUntil(int vcpu) {
        return busyUntil[vcpu];
    }

    /**
     * {@code vcpu->mode == IN_GUEST_MODE}: a vCPU of a controller that runs in guest mode, entered, not
     * halted, not in the host paying an exit, and not the vCPU whose work (or exit handling) runs now.
     * Always true for the other controllers, whose kicks keep their old meaning.
     */
    boolean inGuestMode(int vcpu) {
        if (!guestMode) {
            return true;
        }
        // At the instant its exit is paid the vCPU is re-entering: a request made then is seen by
        // kvm_vcpu_exit_request before IN_GUEST_MODE, without an exit.
        return inGuest[vcpu] && busyUntil[vcpu] < scheduler.now() && current != vcpu;
    }

    private void arrive(int vcpu, Action action) {
        if (action.continuation) {
            owed[vcpu]--;
        }
        boolean free = !resuming[vcpu] && current != vcpu && !held[vcpu];
        if (free && ready[vcpu].isEmpty() && busyUntil[vcpu] <= scheduler.now()) {
            // what drain would do with it alone in the queue: run it, then drain what it queued
            execute(vcpu, action);
            drain(vcpu);
            return;
        }
        ready[vcpu].addLast(action);
        if (free) {
            drain(vcpu);
        }
    }

    private void drain(int vcpu) {
        resuming[vcpu] = false;
        while (!ready[vcpu].isEmpty()) {
            if (held[vcpu]) {
                return;
            }
            if (busyUntil[vcpu] > scheduler.now()) {
                resumeAt(vcpu);
                return;
            }
            execute(vcpu, ready[vcpu].pollFirst());
        }
        if (guestMode) {
            idleIfNothingToDo(vcpu);
        }
    }

    private void resumeAt(int vcpu) {
        resuming[vcpu] = true;
        scheduler.postAtOn(actor[vcpu], busyUntil[vcpu], backInGuest[vcpu], drainer[vcpu]);
    }

    /**
     * The guest's idle loop on a vCPU in guest mode with nothing to run: WFI traps, an {@code idle} exit
     * charged to it, and the vCPU halts (leaves guest mode) until work arrives. Back from an exit first:
     * the guest executes the WFI when it is in the guest again.
     */
    private void idleIfNothingToDo(int vcpu) {
        if (!inGuest[vcpu] || held[vcpu] || owed[vcpu] > 0 || !ready[vcpu].isEmpty()
                || interruptPending.test(vcpu)) {
            return;
        }
        if (busyUntil[vcpu] > scheduler.now()) {
            resumeAt(vcpu);
            return;
        }
        exits.exit(vcpu, ExitCause.IDLE, wfi[vcpu]);
        inGuest[vcpu] = false;
        int outer = current;
        current = vcpu;
        try {
            irqchip.vcpuExit(vcpu); // kvm_vgic_sync_hwstate after the exit, kvm_vgic_put in kvm_vcpu_wfi
        } finally {
            current = outer;
        }
    }

    /** Runs an action that has left the ready queue (or never entered it); it goes back on the free list first. */
    private void execute(int vcpu, Action action) {
        String what = action.what;
        Runnable body = action.body;
        action.what = null;
        action.body = null;
        if (freeCount == freeActions.length) {
            freeActions = Arrays.copyOf(freeActions, 2 * freeCount);
        }
        freeActions[freeCount++] = action;
        execute(vcpu, what, body);
    }

    private void execute(int vcpu, String what, Runnable body) {
        if (irqchip == null) {
            throw new IllegalStateException(vmName + ": guest work '" + what + "' before the irqchip exists");
        }
        int outer = current;
        current = vcpu;
        try {
            if (!guestMode) {
                irqchip.vcpuEntry(vcpu);
                body.run();
                irqchip.vcpuExit(vcpu);
                return;
            }
            if (!inGuest[vcpu]) {
                inGuest[vcpu] = true;
                irqchip.vcpuEntry(vcpu); // kvm_vgic_flush_hwstate, then IN_GUEST_MODE and the world switch
            }
            body.run();
        } finally {
            current = outer;
        }
    }
}
