package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import java.util.EnumSet;
import java.util.Set;

/**
 * A driver that requests the irq but never recognises its device's interrupt (a wrong driver, or one
 * whose status check always fails): every handler run returns {@code IRQ_NONE} and touches no
 * register, so a level device keeps its line asserted and the interrupt re-fires at once. That storm
 * is what genirq's {@code note_interrupt} (kernel/irq/spurious.c) counts and, past 99,900 unhandled
 * out of 100,000, reports as "irq N: nobody cared" and disables.
 *
 * <ul>
 * <li>flows {@code level} and {@code edge}: {@code request_irq(irq, handler, 0, ...)}; the primary
 * handler returns {@code IRQ_NONE}.</li>
 * <li>flow {@code oneshot-threaded}: {@code request_threaded_irq(irq, NULL, thread, IRQF_ONESHOT, ...)};
 * the thread returns {@code IRQ_NONE} at once (the verdict reaches note_interrupt one interrupt late,
 * through {@code threads_handled}).</li>
 * </ul>
 * Each run ends with {@code DriverOutcome} 0.
 */
public final class UnclaimedDriver extends GuestDriverBase {

    public UnclaimedDriver(GuestDriverContext context) {
        super(context, UnclaimedDriverFactory.NAME, Flows.ALL);
    }

    @Override
    public int probe() {
        int err;
        if (flow.equals(Flows.ONESHOT_THREADED)) {
            err = kernel.requestThreadedIrq(irq, null, IrqThreadFn.named("unclaimed_irq_thread", this::threadFn), EnumSet.of(IrqFlag.ONESHOT), name, this);
        } else {
            err = kernel.requestIrq(irq, IrqHandler.named("unclaimed_irq_handler", this::primaryHandler), Set.of(), name, this);
        }
        return err < 0 ? requestFailed(name, "request_irq failed", err) : 0;
    }

    private IrqReturn primaryHandler(int irqNo) {
        outcome(0);
        return IrqReturn.NONE;
    }

    private void threadFn(int irqNo, IrqThreadFn.Completion done) {
        outcome(0);
        done.complete(IrqReturn.NONE);
    }
}
