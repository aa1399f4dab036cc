package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.guest.device.CrosEcDevice;
import dev.irqlab.guest.pm.WakeupSource;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The ChromeOS EC driver core (drivers/platform/chrome/cros_ec.c) behind cros_ec_spi / cros_ec_i2c.
 *
 * <ul>
 * <li>{@code cros_ec_register}: {@code devm_request_threaded_irq(dev, irq, cros_ec_irq_handler,
 * cros_ec_irq_thread, IRQF_TRIGGER_LOW | IRQF_ONESHOT, "chromeos-ec", ec_dev)} (drivers/platform/chrome/
 * cros_ec.c, Linux 6.17), so genirq applies level-low at request ({@code __irq_set_trigger}): a chip
 * that refuses it fails the probe with "Failed to request IRQ %d: %d" — a GIC SPI does
 * ({@code gic_set_type} takes only level-high and edge-rising), x86's {@code ioapic_chip} has no
 * {@code irq_set_type} and accepts it. The primary handler only records the time and returns
 * {@code IRQ_WAKE_THREAD}. The transport probe then calls
 * {@code device_init_wakeup(dev, true)}: the EC is a wakeup source. Flow {@code oneshot-threaded}
 * only.</li>
 * <li>{@code cros_ec_irq_thread}: {@code do { more = cros_ec_handle_event(ec_dev); } while (more);
 * return IRQ_HANDLED;}. Each {@code cros_ec_get_next_event} is one host command (configuration
 * {@code ec-command-latency}); its {@code wake_event} defaults to true — "wake up on keyboard event,
 * wake up for spurious interrupt or link error to the EC" (cros_ec_proto.c) — so every call, even
 * one that finds no event, ends in {@code pm_wakeup_event(ec_dev->dev, 0)}: a spurious EC interrupt
 * registers a wakeup event and makes {@code pm_wakeup_pending()} abort a suspend in progress.
 * The interrupt is spurious from the driver's view (DriverOutcome 0) when the first read finds
 * nothing.</li>
 * <li>{@code cros_ec_suspend} = {@code cros_ec_suspend_prepare} (host sleep event, not modelled) +
 * {@code cros_ec_disable_irq}: {@code wake_enabled = !enable_irq_wake(irq)}; {@code disable_irq(irq)}.</li>
 * <li>{@code cros_ec_resume} = {@code cros_ec_enable_irq}: {@code enable_irq(irq)}, then
 * {@code disable_irq_wake} if it was enabled; then {@code cros_ec_report_events_during_suspend}:
 * while MKBP is supported (configuration {@code mkbp-event-supported}), fetch events until none is
 * left, each a wakeup event. The model does these fetches at once, without the command latency.</li>
 * </ul>
 */
public final class CrosEcDriver extends GuestDriverBase implements WakeupSource {

    /** The name of the deferred transfer's event, built once (the base class has set {@code name}). */
    private final String commandName = name + " EC_CMD_GET_NEXT_EVENT";

    static final List<String> FLOWS = List.of(Flows.ONESHOT_THREADED);
    /** The action name {@code cros_ec_register} requests the irq with. */
    public static final String IRQ_NAME = "chromeos-ec";

    private final long commandLatencyNs;
    private final boolean mkbpEventSupported;
    private boolean wakeEnabled;
    private long wakeupEvents;
    private long lastWakeupEvent = -1;

    public CrosEcDriver(GuestDriverContext context) {
        super(context, CrosEcDriverFactory.NAME, FLOWS);
        this.commandLatencyNs = config.durationNs(CrosEcDriverFactory.EC_COMMAND_LATENCY);
        this.mkbpEventSupported = config.flag(CrosEcDriverFactory.MKBP_EVENT_SUPPORTED);
    }

    @Override
    public int probe() {
        int err = kernel.requestThreadedIrq(irq, IrqHandler.named("cros_ec_irq_handler", this::crosEcIrqHandler),
                IrqThreadFn.named("cros_ec_irq_thread", this::crosEcIrqThread),
                EnumSet.of(IrqFlag.TRIGGER_LOW, IrqFlag.ONESHOT), IRQ_NAME, this);
        if (err < 0) {
            // cros_ec_register: dev_err(dev, "Failed to request IRQ %d: %d\n", ec_dev->irq, err)
            return requestFailed("cros-ec", "Failed to request IRQ " + irq + ": " + err, err);
        }
        return 0;
    }

    /** {@code cros_ec_irq_handler}: records the event time and wakes the thread. */
    private IrqReturn crosEcIrqHandler(int irqNo) {
        return IrqReturn.WAKE_THREAD;
    }

    /** {@code cros_ec_irq_thread}. */
    private void crosEcIrqThread(int irqNo, IrqThreadFn.Completion done) {
        handleEvents(0, done);
    }

    /** One {@code cros_ec_handle_event} after the host command's latency; loops while the EC has more. */
    private void handleEvents(int servedSoFar, IrqThreadFn.Completion done) {
        sim.scheduler().post(commandLatencyNs, commandName, () -> {
            long value = device.registers().read(CrosEcDevice.EVENT);
            boolean gotEvent = (value & CrosEcDevice.EVENT_MASK) != 0;
            boolean more = (value >>> CrosEcDevice.HAS_MORE_EVENTS_BIT & 1) != 0;
            pmWakeupEvent(); // wake_event is true by default, even when no event was fetched
            int served = servedSoFar + (gotEvent ? 1 : 0);
            if (more) {
                handleEvents(served, done);
            } else {
                outcome(served);
                done.complete(IrqReturn.HANDLED);
            }
        });
    }

    /** {@code pm_wakeup_event(ec_dev->dev, 0)} (device_may_wakeup is true after device_init_wakeup). */
    private void pmWakeupEvent() {
        wakeupEvents++;
        lastWakeupEvent = sim.now();
    }

    /**
     * {@code cros_ec_suspend} → {@code cros_ec_disable_irq}: arm the wake irq, then {@code disable_irq},
     * which returns (and the callback with it) once the EC's irq thread has finished.
     */
    @Override
    public void suspend(IntConsumer done) {
        wakeEnabled = kernel.irqSetIrqWake(irq, true) == 0;
        kernel.disableIrq(irq, () -> done.accept(0));
    }

    /** {@code cros_ec_resume}: {@code enable_irq}, {@code disable_irq_wake}, report events queued during suspend. */
    @Override
    public void resume() {
        kernel.enableIrq(irq);
        if (wakeEnabled) {
            kernel.irqSetIrqWake(irq, false);
            wakeEnabled = false;
        }
        if (mkbpEventSupported) {
            while ((device.registers().read(CrosEcDevice.EVENT) & CrosEcDevice.EVENT_MASK) != 0) {
                pmWakeupEvent();
            }
        }
    }

    /** True between a successful {@code enable_irq_wake} in suspend and resume. */
    public boolean wakeEnabled() {
        return wakeEnabled;
    }

    @Override
    public String wakeupSourceName() {
        return device.name();
    }

    @Override
    public long wakeupEventCount() {
        return wakeupEvents;
    }

    @Override
    public long lastWakeupEventTime() {
        return lastWakeupEvent;
    }
}
