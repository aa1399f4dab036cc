package dev.irqlab.genirq;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqEntryContext;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqPm;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.sim.Scheduler;
import dev.irqlab.api.trace.FlowOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One Linux kernel's interrupt core: the irq domain mapping, the driver API of kernel/irq/manage.c, the
 * interrupt entry, and the wiring of the chip.c / handle.c / resend.c / spurious.c / pm.c parts.
 *
 * <p>Concurrency model: thread runs and management calls run to completion on the simulation
 * thread. A flow handler that runs actions takes virtual time ({@code irq-chip-ops}, then
 * {@code hard-handler} per action, {@link FlowHandlers}) and holds its CPU meanwhile, so another
 * CPU may see {@code IRQD_IRQ_INPROGRESS} (a flow there is refused as in progress; a ONESHOT thread's
 * {@code irq_finalize_oneshot} spins until it clears). {@code synchronize_irq} (in
 * {@code disable_irq}, {@code free_irq} and {@code suspend_device_irqs}) waits, in virtual time, for
 * the irq's threads ({@code threads_active}): the caller passes its continuation, which runs when the
 * last woken or running thread of the line has finished ({@link SynchronizeIrq}); it does not wait for
 * a hard handler in progress on another CPU ({@code __synchronize_hardirq}), a gap.
 */
public final class LinuxIrqCore implements IrqCore {

    private final String name;
    private final InterruptController controller;
    private final CpuExecutor executor;
    private final Scheduler scheduler;
    private final GenirqConfig config;
    private final KernelTrace trace;
    private final IrqResend resend;
    private final IrqAffinity affinity;
    private final IrqTrigger irqTrigger;
    private final ChipCalls chipCalls;
    private final DisableDepth disableDepth;
    private final IrqEvents events;
    private final IrqPmCore pm;
    private final SynchronizeIrq sync;
    private final FlowHandlers flows;
    private final List<InterruptEntry> cpuLines = new ArrayList<>();
    /** The descriptors of hwirqs outside {@link #INDEXED_HWIRQS}: none of the modelled chips' (empty, no table). */
    private final Map<Integer, IrqDesc> byHwirq = new HashMap<>();
    /**
     * The descriptors by irq number (numbered from 1 without gaps: 1 to {@code nextIrq - 1}, in order)
     * and by hwirq below {@link #INDEXED_HWIRQS}, looked up on every interrupt without boxing or
     * hashing; the map above has the rest.
     */
    private IrqDesc[] irqIndex = new IrqDesc[16];
    /** Empty until the first mapping: a GIC's hwirqs start at 32, and the first grows it to its hwirq. */
    private IrqDesc[] hwirqIndex = new IrqDesc[0];
    private static final int INDEXED_HWIRQS = 4096;
    private int nextIrq = 1;
    /** What the architecture's entry sees of this kernel: the domain lookup and the entry's trace. */
    private final IrqEntryContext entryContext = new IrqEntryContext() {
        @Override
        public boolean handleDomainIrq(int hwirq, int cpu) {
            IrqDesc desc = byHwirq(hwirq);
            if (desc == null) {
                return false;
            }
            runFlowHandler(desc, cpu);
            return true;
        }

        @Override
        public void spurious() {
            trace.irqFlow(0, "entry", FlowOutcome.SPURIOUS_VECTOR);
        }

        @Override
        public void message(String key, String text) {
            trace.message(key, text);
        }
    };

    /** Makes one kernel's interrupt core with a run's context and configuration. */
    static final class Factory {
        LinuxIrqCore create(KernelContext context, GenirqConfig config) {
            return new LinuxIrqCore(context, config);
        }
    }

    /**
     * The core's own parts (descriptors, resend, spurious detection, PM, the flow handlers and the
     * per-CPU entries) share its state and callbacks, as kernel/irq's files share {@code irq_desc}:
     * they are built here, not bound.
     */
    public LinuxIrqCore(KernelContext context, GenirqConfig config) {
        if (context.cpus() < 1) {
            throw new IllegalArgumentException("kernel " + context.name() + " needs at least one CPU, got "
                    + context.cpus());
        }
        this.name = context.name();
        this.controller = context.controller();
        this.executor = context.executor();
        this.scheduler = context.sim().scheduler();
        this.config = config;
        this.trace = new KernelTrace(context.sim(), name);
        this.resend = new IrqResend(executor, config.softirqLatencyNs(),
                desc -> runFlowHandler(desc, Math.max(executor.currentCpu(), 0)));
        this.affinity = new IrqAffinity(context.cpus());
        this.chipCalls = new ChipCalls(resend, affinity);
        this.irqTrigger = new IrqTrigger(chipCalls, trace);
        this.disableDepth = new DisableDepth(chipCalls, trace);
        SpuriousPoller poller = new SpuriousPoller(executor, config, trace, this::descriptors, this::pollIrqEvent);
        this.events = new IrqEvents(trace, new SpuriousDetector(config, trace, chipCalls, poller::modTimer));
        this.sync = new SynchronizeIrq(executor, trace);
        this.pm = new IrqPmCore(this::descriptors, disableDepth, chipCalls, sync, trace, config.pmDebugMessages());
        this.flows = new FlowHandlers(chipCalls, events, resend, pm, trace, executor, config.chipOpsNs(),
                config.hardHandlerNs());
        for (int cpu = 0; cpu < context.cpus(); cpu++) {
            cpuLines.add(new InterruptEntry(cpu, executor, config.irqEntryNs(), this::handleArchIrq, name));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int hz() {
        return config.hz();
    }

    /** The descriptor of {@code irq}, or null: for this package's tests. */
    IrqDesc descriptor(int irq) {
        return desc(irq);
    }

    /** The descriptor of {@code irq}, or null. */
    private IrqDesc desc(int irq) {
        return irq >= 0 && irq < irqIndex.length ? irqIndex[irq] : null;
    }

    /** The descriptor of {@code hwirq}, or null. */
    private IrqDesc byHwirq(int hwirq) {
        return hwirq >= 0 && hwirq < INDEXED_HWIRQS ? (hwirq < hwirqIndex.length ? hwirqIndex[hwirq] : null)
                : byHwirq.get(hwirq);
    }

    /** Every descriptor, by irq number. */
    private Collection<IrqDesc> descriptors() {
        return List.copyOf(Arrays.asList(irqIndex).subList(1, nextIrq));
    }

    /** The spurious poller's {@code handle_irq_event} (try_one_irq). */
    private void pollIrqEvent(IrqDesc desc, int cpu) {
        events.handleIrqEvent(desc, cpu);
    }

    private IrqChip chip() {
        return controller.chip();
    }

    /**
     * {@code irq_create_of_mapping} → kernel/irq/irqdomain.c {@code irq_create_fwspec_mapping} (Linux
     * 6.17): an existing mapping of {@code hwirq} with the same type is returned again; with another
     * type the kernel warns "type mismatch, failed to map hwirq-%lu for %s!" and returns 0 (here
     * {@code -EINVAL}). Otherwise a new descriptor numbered from 1 gets the flow handler the irqchip
     * driver installs ({@link IrqChip#flowFor}) and the type is only stored ({@code irqd_set_trigger_type};
     * since 4.11, commit 1e2a7d78499e "irqdomain: Don't set type when mapping an IRQ"): the chip's
     * {@code irq_set_type} runs when the first action is requested ({@code __setup_irq}).
     */
    @Override
    public int createMapping(int hwirq, Trigger trigger) {
        IrqDesc existing = byHwirq(hwirq);
        if (existing != null) {
            if (existing.trigger == trigger) {
                return existing.irq;
            }
            // irqdomain.c prints with pr_fmt "irq: "; its %s is the domain's DT node
            // (of_node_full_name), which the model does not have: the controller's name stands for it
            trace.message("genirq.type_mismatch", "irq: type mismatch, failed to map hwirq-" + hwirq + " for "
                    + controller.name() + "!");
            return -Errno.EINVAL;
        }
        FlowType flow = chip().flowFor(hwirq, trigger);
        if (flow == FlowType.EDGE && !chip().hasAck()) {
            // kernel/irq/chip.c handle_edge_irq calls chip->irq_ack unconditionally
            throw new IllegalStateException("irqchip " + chip().name() + " installs handle_edge_irq for hwirq "
                    + hwirq + " but has no irq_ack");
        }
        IrqDesc desc = new IrqDesc(nextIrq++, hwirq, trigger, flow, chip(), affinity.online(), trace);
        trace.mapped(desc.irq, chip().hwirqName(hwirq));
        if (desc.irq >= irqIndex.length) {
            irqIndex = Arrays.copyOf(irqIndex, Math.max(desc.irq + 1, 2 * irqIndex.length));
        }
        irqIndex[desc.irq] = desc;
        if (hwirq >= 0 && hwirq < INDEXED_HWIRQS) {
            if (hwirq >= hwirqIndex.length) {
                hwirqIndex = Arrays.copyOf(hwirqIndex, Math.max(hwirq + 1, Math.min(2 * hwirqIndex.length, INDEXED_HWIRQS)));
            }
            hwirqIndex[hwirq] = desc;
        } else {
            byHwirq.put(hwirq, desc);
        }
        return desc.irq;
    }

    /**
     * kernel/irq/manage.c {@code request_threaded_irq} + {@code __setup_irq} (Linux 6.17): argument checks
     * ({@code -EINVAL}); NULL primary → {@code irq_default_primary_handler}; a request without
     * {@code IRQF_TRIGGER_*} takes the descriptor's type ({@code irqd_get_trigger_type});
     * {@code IRQCHIP_ONESHOT_SAFE} drops {@code IRQF_ONESHOT}; sharing needs IRQF_SHARED on both, the
     * same trigger bits, agreement on ONESHOT and on PERCPU ({@code -EBUSY}, "Flags mismatch"); ONESHOT
     * actions get the first free {@code thread_mask} bit; a NULL primary without ONESHOT is refused with
     * the kernel's message. The first action applies the trigger ({@code __irq_set_trigger}: a type the
     * chip refuses fails the request with the chip's error), activates the irq in its domain
     * ({@code irq_activate}), clears and sets IRQS_ONESHOT and starts the irq unless
     * {@code IRQF_NO_AUTOEN} (then depth 1); counters are reset and a spurious-disabled shared line is
     * re-enabled.
     */
    @Override
    public int requestThreadedIrq(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags,
                                  String actionName, Object devId) {
        Set<IrqFlag> f = flags == null ? Set.of() : flags;
        if ((f.contains(IrqFlag.SHARED) && devId == null)
                || (f.contains(IrqFlag.SHARED) && f.contains(IrqFlag.NO_AUTOEN))) {
            return -Errno.EINVAL;
        }
        IrqDesc desc = desc(irq);
        if (desc == null) {
            return -Errno.EINVAL;
        }
        IrqHandler primary = handler;
        if (primary == null) {
            if (threadFn == null) {
                return -Errno.EINVAL;
            }
            primary = IrqAction.DEFAULT_PRIMARY_HANDLER;
        }
        IrqAction action = irqSetupForcedThreading(primary, threadFn, handler != null, f, actionName, devId);
        // __setup_irq: "If the trigger type is not specified by the caller, then use the default for
        // this interrupt."
        if (action.triggerBits == 0) {
            action.triggerBits = desc.trigger.dtValue();
        }
        if (desc.chip.flags().contains(ChipFlag.ONESHOT_SAFE)) {
            action.flags.remove(IrqFlag.ONESHOT);
        }

        boolean shared = desc.hasAction();
        long threadMask = 0;
        if (shared) {
            IrqAction old = desc.actions.get(0);
            boolean bothShared = old.has(IrqFlag.SHARED) && action.has(IrqFlag.SHARED);
            if (!bothShared || desc.trigger.dtValue() != action.triggerBits
                    || old.has(IrqFlag.ONESHOT) != action.has(IrqFlag.ONESHOT)
                    || old.has(IrqFlag.PERCPU) != action.has(IrqFlag.PERCPU)) {
                trace.message("genirq.flags_mismatch", String.format("Flags mismatch irq %d. %08x (%s) vs. %08x (%s)",
                        irq, action.kernelFlags(), actionName, old.kernelFlags(), old.name));
                return -Errno.EBUSY;
            }
            for (IrqAction a : desc.actions) {
                threadMask |= a.threadMask;
            }
        }
        if (action.has(IrqFlag.ONESHOT)) {
            if (threadMask == ~0L) {
                return -Errno.EBUSY;
            }
            action.threadMask = Long.lowestOneBit(~threadMask);
        } else if (primary == IrqAction.DEFAULT_PRIMARY_HANDLER
                && !desc.chip.flags().contains(ChipFlag.ONESHOT_SAFE)) {
            trace.message("genirq.threaded_no_oneshot", "Threaded irq requested with handler=NULL and !ONESHOT for "
                    + actionName + " (irq " + irq + ")");
            return -Errno.EINVAL;
        }

        if (!shared) {
            int ret = irqTrigger.setTrigger(desc, action.triggerBits);
            if (ret != 0) {
                return ret;
            }
            ret = irqActivate(desc);
            if (ret != 0) {
                return ret;
            }
        }
        if (action.threadFn != null) {
            action.thread = new IrqThread(desc, action, executor, config.threadWakeupNs(), trace, chipCalls, sync);
        }
        if (action.secondary != null) {
            action.secondary.thread = new IrqThread(desc, action.secondary, executor, config.threadWakeupNs(), trace,
                    chipCalls, sync);
        }
        if (!shared) {
            desc.spuriousDisabled = false;
            desc.oneshot = false;
            desc.inProgress = false;
            desc.noDebug = config.noirqdebug();
            if (action.has(IrqFlag.ONESHOT)) {
                desc.oneshot = true;
            }
            if (!action.has(IrqFlag.NO_AUTOEN)) {
                chipCalls.irqStartup(desc, true, "request_threaded_irq");
            } else {
                desc.setDepth(1, "request_threaded_irq");
            }
        }
        desc.addAction(action);
        // irq_pm_install_action
        if (action.has(IrqFlag.NO_SUSPEND)) {
            desc.noSuspendDepth++;
        }
        desc.setIrqCount(0, "request_threaded_irq");
        desc.setIrqsUnhandled(0, "request_threaded_irq");
        if (shared && desc.spuriousDisabled) {
            desc.spuriousDisabled = false;
            disableDepth.enable(desc, "request_threaded_irq");
        }
        return 0;
    }

    /**
     * kernel/irq/manage.c {@code irq_setup_forced_threading} (from {@code __setup_irq}; every SPI
     * descriptor can be threaded, {@code irq_settings_can_thread}): without {@code force_irqthreads()},
     * with {@code IRQF_NO_THREAD}, {@code IRQF_PERCPU} or {@code IRQF_ONESHOT}, or for a request that is
     * already threaded ({@code irq_default_primary_handler}) the action is the driver's; otherwise
     * {@code IRQF_ONESHOT} is added, the driver's primary handler becomes the thread function
     * ({@code IRQTF_FORCED_THREAD}) behind {@code irq_default_primary_handler}, and a driver thread
     * function moves to a secondary action ({@code irq_forced_secondary_handler}) woken when the forced
     * thread returns {@code IRQ_WAKE_THREAD}. {@code IRQCHIP_ONESHOT_SAFE} still drops the ONESHOT after.
     */
    private IrqAction irqSetupForcedThreading(IrqHandler primary, IrqThreadFn threadFn, boolean driverPrimary,
                                              Set<IrqFlag> flags, String actionName, Object devId) {
        if (!config.forceIrqthreads() || flags.contains(IrqFlag.NO_THREAD) || flags.contains(IrqFlag.PERCPU)
                || flags.contains(IrqFlag.ONESHOT) || primary == IrqAction.DEFAULT_PRIMARY_HANDLER) {
            return new IrqAction(primary, threadFn, flags, actionName, devId);
        }
        Set<IrqFlag> forcedFlags = java.util.EnumSet.of(IrqFlag.ONESHOT);
        forcedFlags.addAll(flags);
        IrqThreadFn forced = (irq, done) -> done.complete(primary.handle(irq));
        IrqAction action = new IrqAction(IrqAction.DEFAULT_PRIMARY_HANDLER, forced, forcedFlags, actionName, devId);
        action.forcedThread = true;
        action.threadSymbol = primary instanceof IrqHandler.Named n ? n.symbol() : null;
        if (driverPrimary && threadFn != null) {
            action.secondary = new IrqAction(IrqAction.FORCED_SECONDARY_HANDLER, threadFn, Set.of(), actionName, devId);
        }
        return action;
    }

    /**
     * kernel/irq/chip.c {@code irq_activate} → {@code irq_domain_activate_irq}: the domain's
     * {@code activate} once ({@code IRQD_ACTIVATED}); its error fails the request.
     */
    private static int irqActivate(IrqDesc desc) {
        if (desc.activated) {
            return 0;
        }
        int ret = desc.chip.activate(desc.hwirq);
        if (ret == 0) {
            desc.activated = true;
        }
        return ret;
    }

    /**
     * kernel/irq/manage.c {@code free_irq} → {@code __free_irq}: remove the action with {@code devId}
     * ("Trying to free already-free IRQ %d" when none; {@code then} runs at once); the last one clears
     * IRQ_DISABLE_UNLAZY and shuts the line down ({@code irq_shutdown}); then {@code __synchronize_irq}
     * waits for the line's threads (a woken thread of the removed action still runs, as
     * {@code kthread_stop} lets it); then the last action's {@code irq_domain_deactivate_irq}; then
     * {@code then}.
     */
    @Override
    public void freeIrq(int irq, Object devId, Runnable then) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            then.run();
            return;
        }
        IrqAction found = null;
        for (IrqAction a : desc.actions) {
            if (a.devId == devId) {
                found = a;
                break;
            }
        }
        if (found == null) {
            trace.message("genirq.free_already_free", "Trying to free already-free IRQ " + irq);
            then.run();
            return;
        }
        desc.removeAction(found);
        if (found.has(IrqFlag.NO_SUSPEND)) {
            desc.noSuspendDepth--;
        }
        boolean last = !desc.hasAction();
        if (last) {
            desc.disableUnlazy = false;
            chipCalls.irqShutdown(desc, "free_irq");
        }
        sync.synchronizeIrq(desc, "free_irq", () -> {
            if (last && !desc.hasAction() && desc.activated) {
                desc.activated = false;
                desc.chip.deactivate(desc.hwirq);
            }
            then.run();
        });
    }

    /** kernel/irq/manage.c {@code synchronize_irq}; see {@link SynchronizeIrq}. */
    @Override
    public void synchronizeIrq(int irq, Runnable then) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            then.run();
        } else {
            sync.synchronizeIrq(desc, "synchronize_irq", then);
        }
    }

    /**
     * kernel/irq/manage.c {@code disable_irq}: {@code __disable_irq_nosync} (traced as
     * {@code disable_irq}) then {@code synchronize_irq}, after which {@code then} runs.
     */
    @Override
    public void disableIrq(int irq, Runnable then) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            then.run();
            return;
        }
        disableDepth.disable(desc, "disable_irq");
        sync.synchronizeIrq(desc, "disable_irq", then);
    }

    /** kernel/irq/manage.c {@code disable_irq_nosync} → {@code __disable_irq}; callable from a hard handler. */
    @Override
    public void disableIrqNosync(int irq) {
        IrqDesc desc = desc(irq);
        if (desc != null) {
            disableDepth.disable(desc, "disable_irq_nosync");
        }
    }

    /** kernel/irq/manage.c {@code enable_irq} → {@code __enable_irq}. */
    @Override
    public void enableIrq(int irq) {
        IrqDesc desc = desc(irq);
        if (desc != null) {
            disableDepth.enable(desc, "enable_irq");
        }
    }

    /**
     * kernel/irq/manage.c {@code irq_set_irq_wake}: nested by {@code wake_depth}; the 0↔1 transitions
     * call {@code set_irq_wake_real} ({@code IRQCHIP_SKIP_SET_WAKE} → 0, else the chip's
     * {@code irq_set_wake}); a failure restores the depth; an unbalanced disable warns.
     */
    @Override
    public int irqSetIrqWake(int irq, boolean on) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            return -Errno.EINVAL;
        }
        int ret = 0;
        if (on) {
            if (desc.wakeDepth++ == 0) {
                ret = setIrqWakeReal(desc, true);
                if (ret != 0) {
                    desc.wakeDepth = 0;
                } else {
                    desc.wakeupSet = true;
                }
            }
        } else {
            if (desc.wakeDepth == 0) {
                trace.message("genirq.unbalanced_wake_disable", "Unbalanced IRQ " + irq + " wake disable");
            } else if (--desc.wakeDepth == 0) {
                ret = setIrqWakeReal(desc, false);
                if (ret != 0) {
                    desc.wakeDepth = 1;
                } else {
                    desc.wakeupSet = false;
                }
            }
        }
        return ret;
    }

    private static int setIrqWakeReal(IrqDesc desc, boolean on) {
        if (desc.chip.flags().contains(ChipFlag.SKIP_SET_WAKE)) {
            return 0;
        }
        return desc.chip.setWake(desc.hwirq, on);
    }

    /** kernel/irq/manage.c {@code irq_set_affinity}; see {@link IrqAffinity#setAffinity}. */
    @Override
    public int irqSetAffinity(int irq, CpuMask mask) {
        IrqDesc desc = desc(irq);
        return desc == null ? -Errno.EINVAL : affinity.setAffinity(desc, mask);
    }

    /** {@code irq_set_status_flags(irq, IRQ_DISABLE_UNLAZY)}: takes effect at the next disable. */
    @Override
    public void setDisableUnlazy(int irq, boolean unlazy) {
        IrqDesc desc = desc(irq);
        if (desc != null) {
            desc.disableUnlazy = unlazy;
        }
    }

    @Override
    public boolean forcesIrqThreads() {
        return config.forceIrqthreads();
    }

    @Override
    public IrqDescState describe(int irq) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            throw new IllegalArgumentException("kernel " + name + " has no irq " + irq + "; mapped: "
                    + IntStream.range(1, nextIrq).boxed().toList());
        }
        return desc.snapshot();
    }

    @Override
    public CpuIrqLine cpuLine(int cpu) {
        if (cpu < 0 || cpu >= cpuLines.size()) {
            throw new IllegalArgumentException("kernel " + name + " has CPUs 0.." + (cpuLines.size() - 1)
                    + ", not " + cpu);
        }
        return cpuLines.get(cpu);
    }

    @Override
    public IrqPm pm() {
        return pm;
    }

    /**
     * init/main.c {@code start_kernel}: {@code init_IRQ} ({@code irqchip_init}: the controller's driver
     * initialises it on the boot CPU) after {@code init-irq}, then the initcalls (the drivers' probes)
     * at the same instant; what their accesses cost is charged where they are made.
     */
    @Override
    public void boot(Runnable initcalls) {
        Runnable start = () -> {
            controller.driverInit(0);
            initcalls.run();
        };
        if (config.initIrqNs() == 0) {
            start.run();
        } else {
            scheduler.schedule(config.initIrqNs(), name + " init_IRQ", start);
        }
    }

    /**
     * {@code handle_arch_irq}: the entry the controller's irqchip driver installed with
     * {@code set_handle_irq} ({@link IrqChip#handleArchIrq}), with this kernel's irq domain.
     */
    void handleArchIrq(int cpu) {
        chip().handleArchIrq(controller, cpu, entryContext);
    }

    private void runFlowHandler(IrqDesc desc, int cpu) {
        flows.handle(desc, cpu);
    }

    /**
     * {@code irq_wake_thread}-like hook for tests and models that need it: the number of completed runs
     * of the thread of the action with {@code devId}, or -1.
     */
    public int threadRuns(int irq, Object devId) {
        IrqDesc desc = desc(irq);
        if (desc == null) {
            return -1;
        }
        for (IrqAction a : desc.actions) {
            if (a.devId == devId && a.thread != null) {
                return a.thread.runs();
            }
        }
        return -1;
    }

    /** {@code desc->threads_active}: woken thread runs not yet finished (what {@code synchronize_irq} waits for). */
    public int threadsActive(int irq) {
        IrqDesc desc = desc(irq);
        return desc == null ? 0 : desc.threadsActive;
    }

    /** Whether a software resend of {@code irq} is queued for the resend tasklet. */
    public boolean softwareResendQueued(int irq) {
        IrqDesc desc = desc(irq);
        return desc != null && resend.queued(desc);
    }
}
