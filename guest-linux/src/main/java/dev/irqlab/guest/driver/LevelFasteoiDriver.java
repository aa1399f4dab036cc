package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.guest.device.LevelStatusDevice;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A driver for a {@code level-status} device, in the two shapes Linux drivers of level devices take.
 *
 * <ul>
 * <li>flow {@code level}: {@code request_irq(irq, handler, 0, ...)} with a primary handler that reads
 * STATUS, writes ACK (the device drops its line before the flow handler's EOI) and returns
 * {@code IRQ_HANDLED}, or {@code IRQ_NONE} when STATUS was 0 — the usual memory-mapped driver.</li>
 * <li>flow {@code oneshot-threaded}: {@code request_threaded_irq(irq, NULL, thread, IRQF_ONESHOT, ...)}
 * for a device behind a slow bus: the default primary handler wakes the thread
 * (kernel/irq/manage.c {@code irq_default_primary_handler}); the thread waits configuration
 * {@code bus-latency} (the bus transfer) and then reads STATUS / writes ACK; the line stays masked by
 * genirq until the thread returns ({@code irq_finalize_oneshot}).</li>
 * </ul>
 */
public final class LevelFasteoiDriver extends GuestDriverBase {

    static final List<String> FLOWS = List.of(Flows.LEVEL, Flows.ONESHOT_THREADED);

    /** The thread's bus transfer ({@code bus-latency}), then STATUS read and ACK written. */
    private final ThreadStep transfer;

    public LevelFasteoiDriver(GuestDriverContext context) {
        super(context, LevelFasteoiDriverFactory.NAME, FLOWS);
        this.transfer = new ThreadStep(sim, config.durationNs(LevelFasteoiDriverFactory.BUS_LATENCY),
                name + " bus transfer", this::transferDone);
    }

    @Override
    public int probe() {
        int err;
        if (flow.equals(Flows.LEVEL)) {
            err = kernel.requestIrq(irq, IrqHandler.named("level_fasteoi_irq_handler", this::primaryHandler), Set.of(), name, this);
        } else {
            err = kernel.requestThreadedIrq(irq, null, IrqThreadFn.named("level_fasteoi_irq_thread", this::threadFn), EnumSet.of(IrqFlag.ONESHOT), name, this);
        }
        return err < 0 ? requestFailed(name, "request_irq failed", err) : 0;
    }

    private IrqReturn primaryHandler(int irqNo) {
        int served = acknowledge();
        outcome(served);
        return served == 0 ? IrqReturn.NONE : IrqReturn.HANDLED;
    }

    private void threadFn(int irqNo, IrqThreadFn.Completion done) {
        transfer.start(done);
    }

    /** The bus transfer is over: STATUS read, ACK written, the thread function returns. */
    private void transferDone(IrqThreadFn.Completion done) {
        int served = acknowledge();
        outcome(served);
        done.complete(served == 0 ? IrqReturn.NONE : IrqReturn.HANDLED);
    }

    /** Reads STATUS and, if the device has events, writes ACK; returns the events consumed. */
    private int acknowledge() {
        long status = device.registers().read(LevelStatusDevice.STATUS);
        if (status == 0) {
            return 0;
        }
        device.registers().write(LevelStatusDevice.ACK, 1);
        return (int) status;
    }
}
