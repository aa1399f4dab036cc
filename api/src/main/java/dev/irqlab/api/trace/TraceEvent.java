package dev.irqlab.api.trace;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;

/**
 * One thing that happened at one virtual instant in one component. The set is closed: metrics,
 * waveform and timeline writers switch over it exhaustively.
 *
 * <p>{@code component} names the model instance ("host", "guest", "host.gicv3", "vm0.vgic-v3",
 * "vfio", "kvm", a device name); {@code time} is virtual nanoseconds.
 */
public sealed interface TraceEvent {

    long time();

    String component();

    /**
     * A named piece of model state changed: a line level, a mask or pending bit, a GIC state, an RTE
     * field, a disable depth. {@code subject} is the pin or irq ("spi 40", "pin 14", "irq 7");
     * {@code from} and {@code to} are the values in the model's own vocabulary ("0"/"1" for bits);
     * {@code cause} is the operation that changed it ("GICD_ICENABLER write", "disable_irq_nosync").
     */
    record StateChanged(long time, String component, String subject, String field, String from, String to,
                        String cause) implements TraceEvent {
    }

    /** A device asserted its interrupt for its data event number {@code event} (numbered from 1). */
    record DeviceAsserted(long time, String component, long event) implements TraceEvent {
    }

    /** A driver consumed (acknowledged) the device's data event number {@code event}. */
    record DeviceServed(long time, String component, long event) implements TraceEvent {
    }

    /** What a kernel's flow handler did with one interrupt on {@code irq}. */
    record IrqFlow(long time, String component, int irq, String flow, FlowOutcome outcome) implements TraceEvent {
    }

    /**
     * An action's handler returned: the primary (hard) handler in interrupt context or the thread
     * function of a threaded irq.
     */
    record HandlerRan(long time, String component, int irq, String action, HandlerStage stage, IrqReturn result)
            implements TraceEvent {
    }

    /**
     * A driver finished handling one interrupt and says what it found: {@code eventsServed} data
     * events taken from {@code device}; 0 means the interrupt was spurious from the driver's view.
     */
    record DriverOutcome(long time, String component, String driver, String device, int irq, int eventsServed)
            implements TraceEvent {
        public boolean spurious() {
            return eventsServed == 0;
        }
    }

    /**
     * A vCPU left the guest for the hypervisor. {@code component} is "vm.vcpuN". {@code boot}: taken by
     * the guest kernel's boot-time initialisation of its interrupt controller ({@code start_kernel} ->
     * {@code init_IRQ}: a GIC's {@code gic_dist_init}), which per-interrupt figures leave out and totals
     * keep.
     */
    record VmExit(long time, String component, ExitCause cause, String detail, long costNs, boolean boot)
            implements TraceEvent {

        /** An exit of the running guest, not of its boot. */
        public VmExit(long time, String component, ExitCause cause, String detail, long costNs) {
            this(time, component, cause, detail, costNs, false);
        }
    }

    /** Start of a span of work on a track ("guest cpu0", "guest irq/40-elan_i2c"), for timelines. */
    record SpanBegin(long time, String component, String track, String name) implements TraceEvent {
    }

    /** End of the innermost open span on the track. */
    record SpanEnd(long time, String component, String track, String name) implements TraceEvent {
    }

    /**
     * A message a kernel or driver prints ({@code printk}, {@code WARN}). {@code key} is stable and
     * counted by the metrics ("genirq.nobody_cared", "elan_i2c.invalid_report", "pm.wakeup_abort").
     */
    record KernelMessage(long time, String component, String key, String text) implements TraceEvent {
    }
}
