package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.guest.device.ElanI2cDevice;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The Elan I2C touchpad driver (drivers/input/mouse/elan_i2c_core.c).
 *
 * <ul>
 * <li>{@code elan_probe}: {@code devm_request_threaded_irq(dev, irq, NULL, elan_isr,
 * irqflags | IRQF_ONESHOT, client->name, data)} — no primary handler, so genirq installs
 * {@code irq_default_primary_handler} (returns {@code IRQ_WAKE_THREAD}); the trigger comes from the
 * firmware mapping ({@code irq_get_trigger_type}). Flow {@code oneshot-threaded} only.</li>
 * <li>{@code elan_isr} (the thread): {@code data->ops->get_report} — one I2C transfer, modelled as
 * configuration {@code i2c-transfer} — then switch on the report id; an unknown id (0 for the empty
 * report a touchpad returns when nothing is pending) prints
 * {@code dev_err(&client->dev, "invalid report id data (%x)\n", report[ETP_REPORT_ID_OFFSET])}, i.e.
 * "elan_i2c &lt;dev&gt;: invalid report id data (0)" (KernelMessage key {@code elan_i2c.invalid_report}).
 * It returns {@code IRQ_HANDLED} in every case ({@code out: return IRQ_HANDLED;}), so genirq's
 * spurious detector never counts these interrupts as unhandled.</li>
 * <li>{@code elan_suspend}: {@code disable_irq(client->irq)} before powering the touchpad down;
 * {@code elan_resume}: {@code enable_irq} at the end.</li>
 * </ul>
 */
public final class ElanI2cDriver extends GuestDriverBase {

    static final List<String> FLOWS = List.of(Flows.ONESHOT_THREADED);
    /** {@code DRIVER_NAME}, the prefix {@code dev_err} prints. */
    public static final String DRIVER_NAME = "elan_i2c";
    public static final String INVALID_REPORT = "elan_i2c.invalid_report";

    /** {@code get_report}'s I2C transfer ({@code i2c-transfer}), then the report id decides. */
    private final ThreadStep getReport;
    /** The report id of {@link #invalidReportText}, which a touchpad repeats (0, the empty report). */
    private long invalidReportId;
    /** The message of the last invalid report id, built when the id changes; null before the first. */
    private String invalidReportText;

    public ElanI2cDriver(GuestDriverContext context) {
        super(context, ElanI2cDriverFactory.NAME, FLOWS);
        this.getReport = new ThreadStep(sim, config.durationNs(ElanI2cDriverFactory.I2C_TRANSFER),
                name + " i2c get_report", this::reportRead);
    }

    @Override
    public int probe() {
        int err = kernel.requestThreadedIrq(irq, null, IrqThreadFn.named("elan_isr", this::elanIsr), EnumSet.of(IrqFlag.ONESHOT), name, this);
        if (err < 0) {
            // elan_probe: dev_err(dev, "cannot register irq=%d\n", client->irq)
            return requestFailed(DRIVER_NAME, "cannot register irq=" + irq, err);
        }
        return 0;
    }

    private void elanIsr(int irqNo, IrqThreadFn.Completion done) {
        getReport.start(done);
    }

    /** {@code get_report} is over: the report id decides; {@code elan_isr} returns IRQ_HANDLED in every case. */
    private void reportRead(IrqThreadFn.Completion done) {
        long reportId = device.registers().read(ElanI2cDevice.REPORT);
        if (reportId == ElanI2cDevice.ETP_REPORT_ID) {
            outcome(1);
        } else {
            message(INVALID_REPORT, invalidReport(reportId));
            outcome(0);
        }
        done.complete(IrqReturn.HANDLED);
    }

    /** "elan_i2c &lt;dev&gt;: invalid report id data (%x)", built again only when the id differs from the last. */
    private String invalidReport(long reportId) {
        if (invalidReportText == null || reportId != invalidReportId) {
            invalidReportId = reportId;
            invalidReportText = DRIVER_NAME + " " + device.name() + ": invalid report id data ("
                    + Long.toHexString(reportId) + ")";
        }
        return invalidReportText;
    }

    /** {@code elan_suspend}: {@code disable_irq}, which returns once the irq thread has finished. */
    @Override
    public void suspend(IntConsumer done) {
        kernel.disableIrq(irq, () -> done.accept(0));
    }

    /** {@code elan_resume}: {@code enable_irq}. */
    @Override
    public void resume() {
        kernel.enableIrq(irq);
    }
}
