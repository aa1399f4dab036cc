package dev.irqlab.tck.doubles;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqPm;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.TraceName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The smallest interrupt core that honours the kernel contract: a double for the kit's own tests and
 * the host kernel under a forwarder under test. It follows kernel/irq/ in outline only:
 * {@code handle_fasteoi_irq} for every trigger, <em>eager</em> disable (the chip is masked at
 * {@code disable_irq}, as with {@code IRQ_DISABLE_UNLAZY}), ONESHOT masking until the thread has
 * finished, {@code request_threaded_irq}'s argument checks, and the kernel's "Unbalanced enable" and
 * "already-free" warnings as {@code KernelMessage}s. No spurious detector, no PM (its {@link #pm()}
 * does nothing), no edge resend beyond {@code irq_retrigger}. Use the real kernel plugin for
 * anything that depends on genirq's details.
 */
public final class ToyKernel implements IrqCore {

    /** Delay from {@code IRQ_WAKE_THREAD} to the thread function running. */
    public static final long THREAD_WAKEUP_NS = 1_000L;

    private final Sim sim;
    private final String name;
    /** Its name as the run's trace numbers it, and the keys of the messages it prints. */
    private final TraceName traceName;
    private final MessageKeys messageKeys;
    private final InterruptController controller;
    private final CpuExecutor executor;
    private final boolean[] entryQueued;
    private final Map<Integer, Desc> byIrq = new TreeMap<>();
    private final Map<Integer, Desc> byHwirq = new HashMap<>();
    private int nextIrq = 1;

    private record Action(IrqHandler handler, IrqThreadFn thread, Set<IrqFlag> flags, String name, Object devId) {
    }

    private static final class Desc {
        final int irq;
        final int hwirq;
        final Trigger trigger;
        final List<Action> actions = new ArrayList<>();
        int depth = 1;
        boolean disabled = true;
        boolean masked = true;
        boolean pending;
        boolean oneshot;
        int threadsActive;
        int wakeDepth;
        long total;

        Desc(int irq, int hwirq, Trigger trigger) {
            this.irq = irq;
            this.hwirq = hwirq;
            this.trigger = trigger;
        }
    }

    public ToyKernel(KernelContext context) {
        this.sim = context.sim();
        this.name = context.name();
        this.traceName = sim.trace().name(name);
        this.messageKeys = new MessageKeys(sim.trace(), traceName);
        this.controller = context.controller();
        this.executor = context.executor();
        this.entryQueued = new boolean[context.cpus()];
    }

    private IrqChip chip() {
        return controller.chip();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int hz() {
        return IrqCore.KCONFIG_DEFAULT_HZ;
    }

    @Override
    public int createMapping(int hwirq, Trigger trigger) {
        Desc existing = byHwirq.get(hwirq);
        if (existing != null) {
            return existing.trigger == trigger ? existing.irq : -Errno.EINVAL;
        }
        // irq_create_fwspec_mapping only stores the type (since Linux 4.11); the first request applies it
        Desc d = new Desc(nextIrq++, hwirq, trigger);
        chip().mask(hwirq);
        byIrq.put(d.irq, d);
        byHwirq.put(hwirq, d);
        return d.irq;
    }

    @Override
    public int requestThreadedIrq(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags,
                                  String actionName, Object devId) {
        Set<IrqFlag> f = flags == null || flags.isEmpty() ? EnumSet.noneOf(IrqFlag.class) : EnumSet.copyOf(flags);
        Desc d = byIrq.get(irq);
        if (d == null || (f.contains(IrqFlag.SHARED) && devId == null)) {
            return -Errno.EINVAL;
        }
        IrqHandler primary = handler;
        if (primary == null) {
            if (threadFn == null || !f.contains(IrqFlag.ONESHOT)) {
                message("toy.threaded_no_oneshot", "Threaded irq requested with handler=NULL and !ONESHOT for "
                        + actionName + " (irq " + irq + ")");
                return -Errno.EINVAL;
            }
            primary = i -> IrqReturn.WAKE_THREAD;
        }
        boolean shared = !d.actions.isEmpty();
        if (!shared && chip().hasSetType()) {
            // __setup_irq -> __irq_set_trigger with the request's IRQF_TRIGGER_* or the stored type
            Trigger type = IrqFlag.triggerBits(f) == 0 ? d.trigger : IrqFlag.trigger(f).orElse(null);
            int ret = type == null ? -Errno.EINVAL : chip().setType(d.hwirq, type);
            if (ret < 0) {
                message("toy.set_type_failed", "Setting trigger mode " + IrqFlag.triggerBits(f) + " for irq " + irq
                        + " failed");
                return ret;
            }
        }
        if (shared) {
            Action old = d.actions.get(0);
            if (!old.flags().contains(IrqFlag.SHARED) || !f.contains(IrqFlag.SHARED)
                    || old.flags().contains(IrqFlag.ONESHOT) != f.contains(IrqFlag.ONESHOT)) {
                return -Errno.EBUSY;
            }
        }
        d.actions.add(new Action(primary, threadFn, f, actionName, devId));
        if (!shared) {
            d.oneshot = f.contains(IrqFlag.ONESHOT);
            d.pending = false;
            if (f.contains(IrqFlag.NO_AUTOEN)) {
                d.depth = 1;
            } else {
                d.depth = 0;
                d.disabled = false;
                unmask(d);
            }
        }
        return 0;
    }

    /** {@code free_irq}; the toy does not wait for running threads: {@code then} runs at once. */
    @Override
    public void freeIrq(int irq, Object devId, Runnable then) {
        Desc d = byIrq.get(irq);
        if (d != null && !d.actions.removeIf(a -> a.devId() == devId)) {
            message("toy.free_already_free", "Trying to free already-free IRQ " + irq);
        } else if (d != null && d.actions.isEmpty()) {
            d.depth = 1;
            d.disabled = true;
            mask(d);
        }
        then.run();
    }

    /** {@code synchronize_irq}; the toy does not wait: {@code then} runs at once. */
    @Override
    public void synchronizeIrq(int irq, Runnable then) {
        then.run();
    }

    @Override
    public void disableIrq(int irq, Runnable then) {
        disableIrqNosync(irq);
        then.run();
    }

    @Override
    public void disableIrqNosync(int irq) {
        Desc d = byIrq.get(irq);
        if (d != null && d.depth++ == 0) {
            d.disabled = true;
            mask(d);
        }
    }

    @Override
    public void enableIrq(int irq) {
        Desc d = byIrq.get(irq);
        if (d == null) {
            return;
        }
        if (d.depth == 0) {
            message("toy.unbalanced_enable", "Unbalanced enable for IRQ " + irq);
            return;
        }
        if (--d.depth == 0) {
            d.disabled = false;
            unmask(d);
            if (d.pending) {
                d.pending = false;
                if (d.trigger.isEdge()) {
                    chip().retrigger(d.hwirq);
                }
            }
        }
    }

    @Override
    public int irqSetIrqWake(int irq, boolean on) {
        Desc d = byIrq.get(irq);
        if (d == null) {
            return -Errno.EINVAL;
        }
        d.wakeDepth = Math.max(0, d.wakeDepth + (on ? 1 : -1));
        return 0;
    }

    /** {@code irq_set_affinity}: the chip's callback with the online CPUs of the mask, or {@code -EINVAL}. */
    @Override
    public int irqSetAffinity(int irq, CpuMask mask) {
        Desc d = byIrq.get(irq);
        if (d == null || !chip().hasSetAffinity()) {
            return -Errno.EINVAL;
        }
        CpuMask online = mask.and(CpuMask.first(entryQueued.length));
        if (online.isEmpty()) {
            return -Errno.EINVAL;
        }
        int ret = chip().setAffinity(d.hwirq, online, false);
        return ret < 0 ? ret : 0;
    }

    @Override
    public void setDisableUnlazy(int irq, boolean unlazy) {
        // always unlazy
    }

    @Override
    public IrqDescState describe(int irq) {
        Desc d = byIrq.get(irq);
        if (d == null) {
            throw new IllegalArgumentException("kernel " + name + " has no irq " + irq + "; mapped: " + byIrq.keySet());
        }
        return new IrqDescState(d.irq, d.hwirq, d.depth, d.disabled, d.masked, false, d.pending, false, d.oneshot,
                d.threadsActive, d.wakeDepth > 0, d.wakeDepth, false, 0, 0, d.total);
    }

    @Override
    public CpuIrqLine cpuLine(int cpu) {
        if (cpu < 0 || cpu >= entryQueued.length) {
            throw new IllegalArgumentException("kernel " + name + " has CPUs 0.." + (entryQueued.length - 1));
        }
        return asserted -> {
            if (asserted && !entryQueued[cpu]) {
                entryQueued[cpu] = true;
                executor.run(cpu, 0, name + " irq entry cpu" + cpu, () -> entry(cpu));
            }
        };
    }

    @Override
    public IrqPm pm() {
        return new IrqPm() {
            @Override
            public void suspendDeviceIrqs() {
            }

            @Override
            public void resumeDeviceIrqs() {
            }

            @Override
            public boolean wakeupPending() {
                return false;
            }

            @Override
            public int wakeupIrq() {
                return -1;
            }
        };
    }

    // ---- interrupt path ----------------------------------------------------------------------------

    private void entry(int cpu) {
        entryQueued[cpu] = false;
        for (int hw = controller.acknowledge(cpu); hw != InterruptController.SPURIOUS; hw = controller.acknowledge(cpu)) {
            Desc d = byHwirq.get(hw);
            if (d == null) {
                message("toy.unexpected_irq", "Unexpected interrupt (hwirq " + hw + ")");
                chip().eoi(hw);
                continue;
            }
            fasteoi(cpu, d);
        }
    }

    /** kernel/irq/chip.c {@code handle_fasteoi_irq}, in outline. */
    private void fasteoi(int cpu, Desc d) {
        if (d.disabled || d.actions.isEmpty()) {
            d.pending = true;
            mask(d);
            chip().eoi(d.hwirq);
            flow(d, d.actions.isEmpty() ? FlowOutcome.NO_ACTION : FlowOutcome.DISABLED_PENDING);
            return;
        }
        d.total++;
        if (d.oneshot) {
            mask(d);
        }
        for (Action a : List.copyOf(d.actions)) {
            IrqReturn r = a.handler().handle(d.irq);
            sim.trace().handlerRan(sim.now(), traceName, d.irq, a.name(), HandlerStage.HARD, r);
            if (r == IrqReturn.WAKE_THREAD && a.thread() != null) {
                d.threadsActive++;
                executor.run(cpu, THREAD_WAKEUP_NS, "irq/" + d.irq + "-" + a.name(), () -> a.thread().run(d.irq,
                        result -> threadDone(d, a, result)));
            }
        }
        flow(d, FlowOutcome.HANDLED);
        chip().eoi(d.hwirq);
        if (d.oneshot && d.threadsActive == 0 && !d.disabled) {
            unmask(d);
        }
    }

    /** kernel/irq/manage.c {@code irq_finalize_oneshot}, in outline. */
    private void threadDone(Desc d, Action a, IrqReturn result) {
        sim.trace().handlerRan(sim.now(), traceName, d.irq, a.name(), HandlerStage.THREAD, result);
        d.threadsActive--;
        if (d.oneshot && d.threadsActive == 0 && !d.disabled && d.masked) {
            unmask(d);
        }
    }

    private void mask(Desc d) {
        d.masked = true;
        chip().mask(d.hwirq);
    }

    private void unmask(Desc d) {
        d.masked = false;
        chip().unmask(d.hwirq);
    }

    private void flow(Desc d, FlowOutcome outcome) {
        sim.trace().irqFlow(sim.now(), traceName, d.irq, "handle_fasteoi_irq", outcome);
    }

    private void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }
}
