package dev.irqlab.genirq;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import java.util.List;

/**
 * The configuration of the {@code linux} kernel plugin, typed, with its schema.
 *
 * @param irqEntryNs       delay from the CPU's interrupt input being asserted to the interrupt entry
 *                         reading the controller's acknowledge register (exception entry, {@code irq_enter})
 * @param threadWakeupNs   delay from {@code wake_up_process} of an irq thread to its thread function running
 * @param softirqLatencyNs delay before the resend tasklet ({@code kernel/irq/resend.c resend_tasklet}) runs
 * @param hz               {@code CONFIG_HZ}: jiffies per second, the granularity of {@code note_interrupt}'s
 *                         100 ms ({@code HZ/10}) window
 * @param noirqdebug       the {@code noirqdebug} boot option: no spurious-interrupt detection
 *                         (kernel/irq/spurious.c)
 * @param threadirqs       the {@code threadirqs} boot option ({@code CONFIG_IRQ_FORCED_THREADING}):
 *                         {@code force_irqthreads()}, every plain handler is run in a thread
 * @param preemptRt        {@code CONFIG_PREEMPT_RT}: {@code force_irqthreads()} is always true
 * @param initIrqNs        time from the kernel's start (a guest: the VM's first {@code KVM_RUN}) to
 *                         {@code start_kernel}'s {@code init_IRQ}, where the interrupt controller's
 *                         driver initialises it; the drivers probe right after
 * @param chipOpsNs        time a flow handler spends in its chip calls before the first primary handler
 *                         runs (acknowledge, mask); a guest's trapped chip calls last their exits besides
 * @param hardHandlerNs    time each primary handler runs ({@code irq_handler_entry} to
 *                         {@code irq_handler_exit}); a guest's handler lasts its exits besides
 * @param pmDebugMessages  the {@code pm_debug_messages} boot option: {@code pm_pr_dbg} lines are printed
 */
public record GenirqConfig(long irqEntryNs, long threadWakeupNs, long softirqLatencyNs, int hz,
                           boolean noirqdebug, boolean threadirqs, boolean preemptRt, long initIrqNs,
                           long chipOpsNs, long hardHandlerNs, boolean pmDebugMessages) {

    public static final String IRQ_ENTRY = "irq-entry";
    public static final String THREAD_WAKEUP = "thread-wakeup";
    public static final String SOFTIRQ_LATENCY = "softirq-latency";
    public static final String HZ = "hz";
    public static final String NOIRQDEBUG = "noirqdebug";
    public static final String THREADIRQS = "threadirqs";
    public static final String PREEMPT_RT = "preempt-rt";
    public static final String INIT_IRQ = "init-irq";
    public static final String IRQ_CHIP_OPS = "irq-chip-ops";
    public static final String HARD_HANDLER = "hard-handler";
    public static final String PM_DEBUG_MESSAGES = "pm-debug-messages";

    /** The {@code CONFIG_HZ} choices of kernel/Kconfig.hz. */
    public static final List<Long> HZ_CHOICES = List.of(100L, 250L, 300L, 1000L);

    /**
     * The keys, with defaults: 1 µs, 20 µs, 1 µs, 250 (arm64 defconfig), false, 0, and for the time a
     * flow spends: 500 ns of chip calls before the handlers and 2 µs per primary handler. Those two are
     * estimates, not measurements of one machine: {@code irq_handler_entry}/{@code irq_handler_exit}
     * (include/trace/events/irq.h, what ftrace and bcc's {@code hardirqs} time) put a device's primary
     * handler at a few microseconds, a threaded driver's {@code irq_default_primary_handler} well under
     * one; an uncached device-register access (a GIC distributor or IO-APIC write) costs hundreds of
     * nanoseconds.
     */
    public static List<ConfigKey> schema() {
        return List.of(
                ConfigKey.duration(IRQ_ENTRY, 1_000L,
                        "latency from CPU interrupt assertion to the acknowledge in the interrupt entry")
                        .withSource("kernel/irq/irqdesc.c: generic_handle_domain_irq (entry from the arch's handle_arch_irq)"),
                ConfigKey.duration(THREAD_WAKEUP, 20_000L,
                        "latency from waking an irq thread to its thread function running")
                        .withSource("kernel/irq/handle.c: __irq_wake_thread; kernel/irq/manage.c: irq_thread"),
                ConfigKey.duration(SOFTIRQ_LATENCY, 1_000L,
                        "latency of the software-resend tasklet (kernel/irq/resend.c)")
                        .withSource("kernel/irq/resend.c: resend_irqs (resend tasklet)"),
                ConfigKey.integer(HZ, 250L, 100L, 1000L,
                        "CONFIG_HZ, one of " + HZ_CHOICES + "; note_interrupt's 100 ms window is HZ/10 jiffies; the host "
                                + "kernel's HZ also times KVM's (part of that kernel) IO-APIC re-injection after 10000 "
                                + "successive level EOIs, HZ/100 jiffies: 8 ms at 250, 10 ms at 100, 300, 1000")
                        .withUnit("jiffies/s")
                        .withSource("kernel/Kconfig.hz; kernel/irq/spurious.c: note_interrupt; arch/x86/kvm/ioapic.c: "
                                + "kvm_ioapic_update_eoi_one (IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT)"),
                ConfigKey.flag(NOIRQDEBUG, false,
                        "the noirqdebug boot option: disable note_interrupt spurious detection")
                        .withSource("kernel/irq/spurious.c: noirqdebug_setup"),
                ConfigKey.flag(THREADIRQS, false,
                        "the threadirqs boot option: force-thread every handler not requested IRQF_NO_THREAD, "
                                + "IRQF_PERCPU or IRQF_ONESHOT")
                        .withSource("kernel/irq/manage.c: setup_forced_irqthreads, irq_setup_forced_threading"),
                ConfigKey.flag(PREEMPT_RT, false,
                        "CONFIG_PREEMPT_RT: handlers are always force-threaded, as with threadirqs")
                        .withSource("kernel/irq/internals.h: force_irqthreads; kernel/irq/manage.c: "
                                + "irq_setup_forced_threading"),
                ConfigKey.duration(INIT_IRQ, 0L,
                        "time from the kernel's start (a guest: the VM's first KVM_RUN) to init_IRQ, where the "
                                + "interrupt controller's driver initialises it (GIC: gic_dist_init, hundreds of "
                                + "MMIO exits in a guest); the drivers probe right after")
                        .withSource("init/main.c: start_kernel, init_IRQ; drivers/irqchip/irqchip.c: irqchip_init"),
                ConfigKey.duration(IRQ_CHIP_OPS, 500L,
                        "time a flow handler spends in its chip calls (acknowledge, mask) before the first primary "
                                + "handler runs; the CPU runs nothing else meanwhile; an estimate (an uncached "
                                + "interrupt-controller register access costs hundreds of ns); a guest's trapped chip "
                                + "calls last their exits besides")
                        .withSource("kernel/irq/chip.c: handle_fasteoi_irq, handle_level_irq, handle_edge_irq "
                                + "(mask_irq, mask_ack_irq, irq_ack before handle_irq_event)"),
                ConfigKey.duration(HARD_HANDLER, 2_000L,
                        "time each primary (hard) handler runs, irq_handler_entry to irq_handler_exit; the CPU runs "
                                + "nothing else meanwhile, the next interrupt on it included; an estimate (ftrace or "
                                + "bcc hardirqs show a few us for a device's handler); a guest's handler lasts its "
                                + "exits besides")
                        .withSource("kernel/irq/handle.c: __handle_irq_event_percpu (trace_irq_handler_entry/exit)"),
                ConfigKey.flag(PM_DEBUG_MESSAGES, false,
                        "the pm_debug_messages boot option: print the PM core's pm_pr_dbg lines (\"PM: Triggering "
                                + "wakeup from IRQ %d\")")
                        .withSource("kernel/power/main.c: pm_debug_messages_on, __pm_pr_dbg; "
                                + "drivers/base/power/wakeup.c: pm_system_irq_wakeup"));
    }

    public GenirqConfig {
        if (irqEntryNs < 0 || threadWakeupNs < 0 || softirqLatencyNs < 0 || initIrqNs < 0 || chipOpsNs < 0
                || hardHandlerNs < 0) {
            throw new IllegalArgumentException("latencies must not be negative: " + IRQ_ENTRY + "=" + irqEntryNs
                    + ", " + THREAD_WAKEUP + "=" + threadWakeupNs + ", " + SOFTIRQ_LATENCY + "=" + softirqLatencyNs
                    + ", " + INIT_IRQ + "=" + initIrqNs + ", " + IRQ_CHIP_OPS + "=" + chipOpsNs + ", " + HARD_HANDLER
                    + "=" + hardHandlerNs);
        }
        if (!HZ_CHOICES.contains((long) hz)) {
            throw new IllegalArgumentException("configuration key '" + HZ + "' is " + hz + "; allowed values: "
                    + HZ_CHOICES);
        }
    }

    /** Reads and validates a configuration built from {@link #schema()}. */
    public static GenirqConfig from(Config config) {
        long hz = config.integer(HZ);
        if (!HZ_CHOICES.contains(hz)) {
            throw new IllegalArgumentException("configuration key '" + HZ + "' is " + hz + "; allowed values: "
                    + HZ_CHOICES);
        }
        return new GenirqConfig(config.durationNs(IRQ_ENTRY), config.durationNs(THREAD_WAKEUP),
                config.durationNs(SOFTIRQ_LATENCY), (int) hz, config.flag(NOIRQDEBUG), config.flag(THREADIRQS),
                config.flag(PREEMPT_RT), config.durationNs(INIT_IRQ), config.durationNs(IRQ_CHIP_OPS),
                config.durationNs(HARD_HANDLER), config.flag(PM_DEBUG_MESSAGES));
    }

    /** The defaults of {@link #schema()}. */
    public static GenirqConfig defaults() {
        return from(Config.defaults(schema()));
    }

    /** kernel/irq/internals.h {@code force_irqthreads()}: {@code threadirqs}, or always on PREEMPT_RT. */
    boolean forceIrqthreads() {
        return threadirqs || preemptRt;
    }

    /** {@code jiffies} at virtual time {@code nowNs} (boot at 0; INITIAL_JIFFIES is not modelled). */
    long jiffies(long nowNs) {
        return (nowNs / 1_000_000_000L) * hz + (nowNs % 1_000_000_000L) * hz / 1_000_000_000L;
    }
}
