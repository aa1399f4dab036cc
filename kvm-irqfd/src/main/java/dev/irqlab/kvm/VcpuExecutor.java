package dev.irqlab.kvm;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.sim.Timer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The vCPUs of one VM as a {@link CpuExecutor} (the {@code KVM_RUN} loop of each vCPU thread): guest
 * work runs one action at a time per vCPU, in order of due time, each action bracketed by
 * {@code irqchip.vcpuEntry} (vGIC {@code kvm_vgic_flush_hwstate}) and {@code irqchip.vcpuExit}
 * ({@code kvm_vgic_sync_hwstate}). A vCPU that took an exit is busy in the host until the exit's
 * cost is paid; actions that come due meanwhile wait in a per-vCPU queue, in order, and run when it
 * is back in the guest.
 */
final class VcpuExecutor implements CpuExecutor {

    /** A piece of guest work; queued as its own event, it arrives at its vCPU when it comes due. */
    private final class Action implements Runnable {
        private final int vcpu;
        private final String what;
        private final Runnable body;

        Action(int vcpu, String what, Runnable body) {
            this.vcpu = vcpu;
            this.what = what;
            this.body = body;
        }

        @Override
        public void run() {
            arrive(vcpu, this);
        }
    }

    private final Scheduler scheduler;
    private final String vmName;
    private final long[] busyUntil;
    private final Deque<Action>[] ready;
    private final Timer[] resume;
    /** Per vCPU: the name of its return to the guest. */
    private final String[] backInGuest;
    /** Per vCPU: its actor in the event queue. */
    private final String[] actor;
    private VirtualInterruptController irqchip;
    private int current = -1;

    @SuppressWarnings({"unchecked", "rawtypes"})
    VcpuExecutor(Scheduler scheduler, String vmName, int vcpus) {
        this.scheduler = scheduler;
        this.vmName = vmName;
        this.busyUntil = new long[vcpus];
        this.ready = new Deque[vcpus];
        this.resume = new Timer[vcpus];
        this.backInGuest = new String[vcpus];
        this.actor = new String[vcpus];
        for (int v = 0; v < vcpus; v++) {
            ready[v] = new ArrayDeque<>();
            backInGuest[v] = vmName + ".vcpu" + v + " back in guest";
            actor[v] = vmName + ".vcpu" + v;
        }
    }

    /** The controller whose entry/exit hooks bracket guest work; set once, right after it is built. */
    void attach(VirtualInterruptController chip) {
        if (irqchip != null) {
            throw new IllegalStateException(vmName + ": irqchip attached twice");
        }
        this.irqchip = chip;
    }

    @Override
    public void run(int cpu, long delayNs, String what, Runnable action) {
        if (cpu < 0 || cpu >= ready.length) {
            throw new IllegalArgumentException(vmName + " has no vCPU " + cpu + " (0.." + (ready.length - 1) + ")");
        }
        // The event is named by the work alone: its actor names the vCPU (an explorer labels a choice
        // "<actor>: <what>", as a name carrying the vCPU prefix would read).
        scheduler.scheduleOn(actor[cpu], delayNs, what, new Action(cpu, what, action));
    }

    @Override
    public int currentCpu() {
        return current;
    }

    /** The vCPU pays {@code costNs} outside the guest, starting now or after what it already owes. */
    void charge(int vcpu, long costNs) {
        busyUntil[vcpu] = Math.max(busyUntil[vcpu], scheduler.now()) + costNs;
    }

    /** The time until which a vCPU is busy in the host (past values mean: free). */
    long busyUntil(int vcpu) {
        return busyUntil[vcpu];
    }

    private void arrive(int vcpu, Action action) {
        ready[vcpu].addLast(action);
        if (resume[vcpu] == null && current != vcpu) {
            drain(vcpu);
        }
    }

    private void drain(int vcpu) {
        resume[vcpu] = null;
        while (!ready[vcpu].isEmpty()) {
            if (busyUntil[vcpu] > scheduler.now()) {
                resume[vcpu] = scheduler.scheduleAtOn(actor[vcpu], busyUntil[vcpu], backInGuest[vcpu],
                        () -> drain(vcpu));
                return;
            }
            execute(vcpu, ready[vcpu].pollFirst());
        }
    }

    private void execute(int vcpu, Action action) {
        if (irqchip == null) {
            throw new IllegalStateException(vmName + ": guest work '" + action.what + "' before the irqchip exists");
        }
        int outer = current;
        current = vcpu;
        try {
            irqchip.vcpuEntry(vcpu);
            action.body.run();
            irqchip.vcpuExit(vcpu);
        } finally {
            current = outer;
        }
    }
}
