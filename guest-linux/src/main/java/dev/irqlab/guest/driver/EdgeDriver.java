package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.guest.device.EdgePulseDevice;
import java.util.List;
import java.util.Set;

/**
 * A driver for an {@code edge-pulse} device: {@code request_irq(irq, handler, 0, ...)}; the primary
 * handler drains the device FIFO (reads STATUS, then DATA while STATUS is non-zero), because edges
 * that arrive while the handler runs are coalesced by genirq ({@code handle_edge_irq} replays at most
 * one). Returns {@code IRQ_NONE} when the FIFO was already empty. Flow {@code edge} only.
 */
public final class EdgeDriver extends GuestDriverBase {

    static final List<String> FLOWS = List.of(Flows.EDGE);

    public EdgeDriver(GuestDriverContext context) {
        super(context, EdgeDriverFactory.NAME, FLOWS);
    }

    @Override
    public int probe() {
        int err = kernel.requestIrq(irq, IrqHandler.named("edge_irq_handler", this::primaryHandler), Set.of(), name, this);
        return err < 0 ? requestFailed(name, "request_irq failed", err) : 0;
    }

    private IrqReturn primaryHandler(int irqNo) {
        int served = 0;
        while (device.registers().read(EdgePulseDevice.STATUS) > 0) {
            if (device.registers().read(EdgePulseDevice.DATA) != 0) {
                served++;
            }
        }
        outcome(served);
        return served == 0 ? IrqReturn.NONE : IrqReturn.HANDLED;
    }
}
