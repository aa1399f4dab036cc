package dev.irqlab.api.kernel;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.CpuMask;
import dev.irqlab.api.irq.Trigger;
import java.util.Set;

/**
 * One Linux kernel's interrupt core as drivers use it. The same model serves as the host kernel
 * (vfio-platform requests the device's irq there) and as each guest kernel.
 *
 * <p>Protocol: the runtime calls {@link #createMapping} for each device interrupt, as firmware
 * parsing does ({@code irq_create_of_mapping}); drivers then call the request and enable/disable
 * functions with the returned Linux irq number, exactly as the kernel functions of the same name.
 * Errors are negative errno values; warnings the kernel prints are {@code KernelMessage} trace
 * events. Interrupts come in through {@link #cpuLine}.
 */
public interface IrqCore {

    /** The kernel's name in traces ("host", "guest"). */
    String name();

    /**
     * {@code CONFIG_HZ}: jiffies per second. The host kernel's value also times what KVM, part of that
     * kernel, delays in jiffies (arch/x86/kvm/ioapic.c: {@code schedule_delayed_work(..., HZ / 100)}).
     */
    int hz();

    /** kernel/Kconfig.hz: {@code default HZ_250}. */
    int KCONFIG_DEFAULT_HZ = 250;

    /**
     * {@code irq_create_of_mapping} → {@code irq_create_fwspec_mapping}: allocate a descriptor for
     * {@code hwirq} and store the firmware's trigger type in it ({@code irqd_set_trigger_type}); since
     * Linux 4.11 the chip's {@code irq_set_type} is only called when the irq is requested. Mapping the
     * same hwirq again returns the same number when the type agrees. Returns the Linux irq number
     * ({@code > 0}) or a negative errno (a second mapping with another type).
     */
    int createMapping(int hwirq, Trigger trigger);

    /**
     * {@code request_threaded_irq}; {@code handler} or {@code threadFn} may be null as in the kernel.
     * {@code IRQF_TRIGGER_*} flags override the firmware's type; the first action applies the type
     * through the chip's {@code irq_set_type} and fails with its error when the chip refuses it.
     */
    int requestThreadedIrq(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags, String name,
                           Object devId);

    /** {@code request_irq}. */
    default int requestIrq(int irq, IrqHandler handler, Set<IrqFlag> flags, String name, Object devId) {
        return requestThreadedIrq(irq, handler, null, flags, name, devId);
    }

    /**
     * {@code free_irq}: remove the action, shut the line down when it was the last, then wait as
     * {@code synchronize_irq} does; {@code then} runs when {@code free_irq} would return.
     */
    void freeIrq(int irq, Object devId, Runnable then);

    /** {@code free_irq} for a caller that does nothing after it returns. */
    default void freeIrq(int irq, Object devId) {
        freeIrq(irq, devId, () -> { });
    }

    /**
     * {@code synchronize_irq}: {@code then} runs, in virtual time, once no thread of the irq is woken
     * or running ({@code desc->threads_active} is 0) — at once when none is.
     */
    void synchronizeIrq(int irq, Runnable then);

    /**
     * {@code disable_irq}: {@code __disable_irq_nosync}, then {@code synchronize_irq}; {@code then} is
     * the caller's code after {@code disable_irq} returns.
     */
    void disableIrq(int irq, Runnable then);

    /** {@code disable_irq} for a caller that does nothing after it returns. */
    default void disableIrq(int irq) {
        disableIrq(irq, () -> { });
    }

    /** {@code disable_irq_nosync}. */
    void disableIrqNosync(int irq);

    /** {@code enable_irq}. */
    void enableIrq(int irq);

    /** {@code irq_set_irq_wake}. */
    int irqSetIrqWake(int irq, boolean on);

    /**
     * {@code irq_set_affinity}: route the irq to the online CPUs of {@code mask} through the chip's
     * {@code irq_set_affinity}; 0, or {@code -EINVAL} (no such irq, no callback, no online CPU in the
     * mask) or the chip's error.
     */
    int irqSetAffinity(int irq, CpuMask mask);

    /** {@code irq_set_status_flags(irq, IRQ_DISABLE_UNLAZY)} / {@code irq_clear_status_flags}. */
    void setDisableUnlazy(int irq, boolean unlazy);

    /** A snapshot of the descriptor. */
    IrqDescState describe(int irq);

    /**
     * kernel/irq/internals.h {@code force_irqthreads()}: the {@code threadirqs} boot option, or always
     * under {@code CONFIG_PREEMPT_RT}. Such a kernel runs the hard handler of every request without
     * {@code IRQF_NO_THREAD}, {@code IRQF_PERCPU} or {@code IRQF_ONESHOT} in a thread and adds
     * {@code IRQF_ONESHOT} to it (kernel/irq/manage.c {@code irq_setup_forced_threading}), so such a
     * line gets {@code IRQS_ONESHOT} although the driver did not ask for it. False for a kernel without
     * forced threading.
     */
    default boolean forcesIrqThreads() {
        return false;
    }

    /** The interrupt input of CPU {@code cpu}: the controller's output is connected here. */
    CpuIrqLine cpuLine(int cpu);

    /** The system-sleep side of the interrupt core (kernel/irq/pm.c). */
    IrqPm pm();

    /**
     * The kernel boots on CPU 0 once its machine runs: init/main.c {@code start_kernel} ->
     * {@code init_IRQ}, where the interrupt controller's driver initialises it
     * ({@link dev.irqlab.api.controller.InterruptController#driverInit}), then {@code initcalls}, the
     * drivers' probes ({@code do_initcalls}). The default runs both at once; a kernel model may place
     * {@code init_IRQ} later, in virtual time, with the probes right after it.
     */
    default void boot(Runnable initcalls) {
        initcalls.run();
    }
}
