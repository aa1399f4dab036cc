package dev.irqlab.runtime.output;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import java.io.IOException;
import java.util.List;

/**
 * A trace that hands every event to several traces, in the order given; a typed call goes on as the
 * same typed call to each, with the handles it was given (a target that wants the record builds it).
 * {@link #close} closes the ones that are {@link AutoCloseable}, all of them even if some fail; the
 * first failure is thrown with the later ones suppressed.
 */
public final class FanOut implements TraceWriter {

    private final List<Trace> targets;

    private FanOut(List<Trace> targets) {
        this.targets = List.copyOf(targets);
    }

    public static FanOut of(Trace... targets) {
        return new FanOut(List.of(targets));
    }

    public static FanOut of(List<? extends Trace> targets) {
        return new FanOut(List.copyOf(targets));
    }

    @Override
    public void emit(TraceEvent event) {
        for (Trace t : targets) {
            t.emit(event);
        }
    }

    @Override
    public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        for (Trace t : targets) {
            t.stateChanged(time, key, from, to, cause);
        }
    }

    @Override
    public void counterChanged(long time, StateKey key, long from, long to, String cause) {
        for (Trace t : targets) {
            t.counterChanged(time, key, from, to, cause);
        }
    }

    @Override
    public void deviceAsserted(long time, TraceName component, long event) {
        for (Trace t : targets) {
            t.deviceAsserted(time, component, event);
        }
    }

    @Override
    public void deviceServed(long time, TraceName component, long event) {
        for (Trace t : targets) {
            t.deviceServed(time, component, event);
        }
    }

    @Override
    public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        for (Trace t : targets) {
            t.irqFlow(time, component, irq, flow, outcome);
        }
    }

    @Override
    public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        for (Trace t : targets) {
            t.handlerRan(time, component, irq, action, stage, result);
        }
    }

    @Override
    public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        for (Trace t : targets) {
            t.driverOutcome(time, component, driver, device, irq, eventsServed);
        }
    }

    @Override
    public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        for (Trace t : targets) {
            t.vmExit(time, component, cause, detail, costNs, boot);
        }
    }

    @Override
    public void spanBegin(long time, TraceName component, String track, String name) {
        for (Trace t : targets) {
            t.spanBegin(time, component, track, name);
        }
    }

    @Override
    public void spanEnd(long time, TraceName component, String track, String name) {
        for (Trace t : targets) {
            t.spanEnd(time, component, track, name);
        }
    }

    @Override
    public void kernelMessage(long time, MessageKey key, String text) {
        for (Trace t : targets) {
            t.kernelMessage(time, key, text);
        }
    }

    /** Whether any of the targets reads detail. */
    @Override
    public boolean wantsDetail() {
        for (Trace t : targets) {
            if (t.wantsDetail()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        Exception first = null;
        for (Trace t : targets) {
            if (t instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first != null) {
            throw new IOException("closing a trace failed", first);
        }
    }
}
