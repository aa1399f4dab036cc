package dev.irqlab.pci.driver;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.pci.device.PciIntxDevice;
import java.util.EnumSet;
import java.util.List;

/**
 * A guest PCI driver using its function's INTx, in the two shapes PCI drivers take. Both request
 * {@code pdev->irq} with {@code IRQF_SHARED} and no trigger flags: PCI INTx lines may be shared
 * (e.g. drivers/net/ethernet/intel/e1000/e1000_main.c {@code e1000_request_irq}), and the trigger and
 * polarity come from the firmware's routing (ACPI {@code _PRT} / the device tree's
 * {@code interrupt-map}), not from the driver.
 *
 * <ul>
 * <li>flow {@code level}: {@code request_irq(irq, handler, IRQF_SHARED, ...)}; the handler reads
 * STATUS, returns {@code IRQ_NONE} when it is 0 (another sharer's interrupt: genirq's
 * {@code note_interrupt} counts it if no action claims it), else writes ACK and returns
 * {@code IRQ_HANDLED}.</li>
 * <li>flow {@code oneshot-threaded}: {@code request_threaded_irq(irq, NULL, thread,
 * IRQF_SHARED | IRQF_ONESHOT, ...)} for a function behind a slow bus (the touchpad case): genirq's
 * default primary handler wakes the thread (kernel/irq/manage.c {@code irq_default_primary_handler}),
 * the line stays masked until the thread returns ({@code irq_finalize_oneshot}); the thread waits
 * {@code bus-latency}, then reads STATUS / writes ACK, and returns {@code IRQ_NONE} when STATUS was 0
 * (kernel/irq/manage.c {@code irq_thread} passes the thread's return to {@code note_interrupt}).</li>
 * </ul>
 * Every handled interrupt is reported as a {@code DriverOutcome} (0 events: spurious).
 */
public final class PciIntxDriver implements GuestDriver {

    static final String LEVEL = "level";
    static final String ONESHOT_THREADED = "oneshot-threaded";
    static final List<String> FLOWS = List.of(LEVEL, ONESHOT_THREADED);

    private final Sim sim;
    private final String name;
    private final IrqCore kernel;
    private final int irq;
    private final Device device;
    private final String flow;
    private final long busLatencyNs;
    /** The name of the deferred transfer's event, built once. */
    private final String transferName;
    /** The kernel's, this driver's and the device's names as the run's trace numbers them. */
    private final TraceName traceKernel;
    private final TraceName traceDriver;
    private final TraceName traceDevice;

    public PciIntxDriver(GuestDriverContext context) {
        if (!FLOWS.contains(context.flow())) {
            throw new IllegalArgumentException("driver '" + PciIntxDriverFactory.NAME + "' does not support flow '"
                    + context.flow() + "'; allowed flows: " + String.join(", ", FLOWS));
        }
        this.sim = context.sim();
        this.name = context.name();
        this.kernel = context.kernel();
        this.irq = context.irq();
        this.device = context.device();
        this.flow = context.flow();
        this.busLatencyNs = context.config().durationNs(PciIntxDriverFactory.BUS_LATENCY);
        this.transferName = name + " bus transfer";
        this.traceKernel = sim.trace().name(kernel.name());
        this.traceDriver = sim.trace().name(name);
        this.traceDevice = sim.trace().name(device.name());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String device() {
        return device.name();
    }

    @Override
    public int probe() {
        int err = flow.equals(LEVEL)
                ? kernel.requestIrq(irq, IrqHandler.named("pci_intx_irq_handler", this::handler), EnumSet.of(IrqFlag.SHARED), name, this)
                : kernel.requestThreadedIrq(irq, null, IrqThreadFn.named("pci_intx_irq_thread", this::thread), EnumSet.of(IrqFlag.SHARED, IrqFlag.ONESHOT),
                        name, this);
        if (err < 0) {
            sim.trace().kernelMessage(sim.now(), kernel.name(), "driver.request_irq_failed",
                    name + " " + device.name() + ": request_irq failed (" + Errno.name(err) + ")");
        }
        return err;
    }

    private IrqReturn handler(int irqNo) {
        int served = serve();
        return served == 0 ? IrqReturn.NONE : IrqReturn.HANDLED;
    }

    private void thread(int irqNo, IrqThreadFn.Completion done) {
        sim.scheduler().post(busLatencyNs, transferName, () -> {
            int served = serve();
            done.complete(served == 0 ? IrqReturn.NONE : IrqReturn.HANDLED);
        });
    }

    /** STATUS, and ACK when events are pending; reports the outcome. */
    private int serve() {
        int status = (int) device.registers().read(PciIntxDevice.STATUS);
        if (status != 0) {
            device.registers().write(PciIntxDevice.ACK, 1);
        }
        sim.trace().driverOutcome(sim.now(), traceKernel, traceDriver, traceDevice, irq, status);
        return status;
    }
}
