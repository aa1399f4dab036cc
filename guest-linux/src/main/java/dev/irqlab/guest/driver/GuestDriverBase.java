package dev.irqlab.guest.driver;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.TraceName;
import java.util.List;

/**
 * What every guest driver model shares: its context, the flow check, and the trace points the
 * {@link GuestDriver} protocol asks for ({@code DriverOutcome} per handled interrupt,
 * {@code KernelMessage} for what the real driver prints, with the kernel's name as component).
 */
abstract class GuestDriverBase implements GuestDriver {

    protected final Sim sim;
    protected final String name;
    protected final IrqCore kernel;
    protected final int irq;
    protected final Device device;
    protected final String flow;
    protected final Config config;
    /** The kernel's, this driver's and the device's names as the run's trace numbers them. */
    private final TraceName traceKernel;
    private final TraceName traceDriver;
    private final TraceName traceDevice;
    /** The keys of the messages this driver prints, under the kernel's name. */
    private final MessageKeys messageKeys;

    GuestDriverBase(GuestDriverContext context, String driverKind, List<String> allowedFlows) {
        if (!allowedFlows.contains(context.flow())) {
            throw new IllegalArgumentException("driver '" + driverKind + "' does not support flow '" + context.flow()
                    + "'; allowed flows: " + String.join(", ", allowedFlows));
        }
        this.sim = context.sim();
        this.name = context.name();
        this.kernel = context.kernel();
        this.irq = context.irq();
        this.device = context.device();
        this.flow = context.flow();
        this.config = context.config();
        this.traceKernel = sim.trace().name(kernel.name());
        this.traceDriver = sim.trace().name(name);
        this.traceDevice = sim.trace().name(device.name());
        this.messageKeys = new MessageKeys(sim.trace(), traceKernel);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String device() {
        return device.name();
    }

    /** The end of one handled interrupt, as the driver saw it (0 = spurious). */
    protected final void outcome(int eventsServed) {
        sim.trace().driverOutcome(sim.now(), traceKernel, traceDriver, traceDevice, irq, eventsServed);
    }

    protected final void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }

    /**
     * Reports a failed {@code request_irq} as drivers do with {@code dev_err}
     * ("&lt;driver&gt; &lt;dev&gt;: &lt;text&gt;") and returns the error.
     */
    protected final int requestFailed(String driverName, String text, int error) {
        message("driver.request_irq_failed", driverName + " " + device.name() + ": " + text + " ("
                + Errno.name(error) + ")");
        return error;
    }
}
