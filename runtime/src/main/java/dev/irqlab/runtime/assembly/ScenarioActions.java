package dev.irqlab.runtime.assembly;

import dev.irqlab.api.Errno;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.Scenario;

/**
 * The scenario's {@code actions:} on a built stack: each runs on a CPU of its side at its time, a
 * kernel call on the device's irq in that kernel or a register access by manual name.
 */
final class ScenarioActions {

    private ScenarioActions() {
    }

    /** The key path of an action's operative value: {@code actions[2].call}, {@code actions[0].write}. */
    static String key(int index, Action a) {
        String field = a instanceof Action.KernelCall ? "call" : a instanceof Action.RegisterWrite ? "write" : "read";
        return "actions[" + index + "]." + field;
    }

    /**
     * Queues every action on a CPU of its side at its time, in file order (actions due at the same
     * instant run in the order written, after the set-up and the VM start queued before them). Each
     * leaves a {@code KernelMessage} "scenario.action" from the kernel it called or the controller it
     * accessed, written when the action has run, with its result (a read's value, a call's return);
     * {@code disable_irq}'s when it returns, after {@code synchronize_irq} waited for the irq's threads.
     */
    static void schedule(Simulation sim, Scenario s, Stack stack) {
        for (int i = 0; i < s.actions().size(); i++) {
            Action a = s.actions().get(i);
            Stack.Side side = stack.side(a.side());
            String where = "actions[" + i + "] (" + a.location() + ")";
            String component = a instanceof Action.KernelCall ? side.kernel().name() : side.controller().name();
            java.util.function.Consumer<String> report = done -> sim.trace().kernelMessage(
                    sim.now(), component, "scenario.action", done + " [" + where + "]");
            side.cpus().run(a.cpu(), a.atNs() - sim.now(), "scenario " + where, () -> {
                if (a instanceof Action.KernelCall k && k.call() instanceof Action.DisableIrq) {
                    // disable_irq returns after synchronize_irq: the report waits for the irq's threads
                    int irq = side.irqs().get(k.device());
                    side.kernel().disableIrq(irq, () -> report.accept(k.call().function() + "(" + irq + ") for "
                            + k.device()));
                } else {
                    report.accept(perform(a, side));
                }
            });
        }
    }

    /** Runs one action; returns what it did, as the trace shows it. */
    private static String perform(Action a, Stack.Side side) {
        if (a instanceof Action.RegisterWrite w) {
            side.controller().registers().write(w.register(), w.cpu(), w.value());
            return "write " + w.register() + " = 0x" + Long.toHexString(w.value()) + " (cpu " + w.cpu() + ")";
        }
        if (a instanceof Action.RegisterRead r) {
            long value = side.controller().registers().read(r.register(), r.cpu());
            return "read " + r.register() + " = 0x" + Long.toHexString(value) + " (cpu " + r.cpu() + ")";
        }
        Action.KernelCall k = (Action.KernelCall) a;
        IrqCore kernel = side.kernel();
        int irq = side.irqs().get(k.device());
        String call = k.call().function() + "(" + irq;
        if (k.call() instanceof Action.DisableIrqNosync) {
            kernel.disableIrqNosync(irq);
        } else if (k.call() instanceof Action.EnableIrq) {
            kernel.enableIrq(irq);
        } else if (k.call() instanceof Action.SetIrqWake wake) {
            int r = kernel.irqSetIrqWake(irq, wake.on());
            call += ", " + (wake.on() ? 1 : 0) + ") = " + (r < 0 ? Errno.name(r) : Integer.toString(r));
            return call + " for " + k.device();
        } else if (k.call() instanceof Action.SetStatusFlags set) {
            statusFlag(kernel, irq, set.flag(), true);
            call += ", " + set.flag().name();
        } else if (k.call() instanceof Action.ClearStatusFlags clear) {
            statusFlag(kernel, irq, clear.flag(), false);
            call += ", " + clear.flag().name();
        }
        return call + ") for " + k.device();
    }

    /** {@code irq_set_status_flags} / {@code irq_clear_status_flags} of one flag, as IrqCore offers them. */
    private static void statusFlag(IrqCore kernel, int irq, Action.StatusFlag flag, boolean set) {
        switch (flag) {
            case IRQ_DISABLE_UNLAZY -> kernel.setDisableUnlazy(irq, set);
            default -> throw new IllegalStateException("no IrqCore call for " + flag);
        }
    }
}
