package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.io.IOException;
import java.util.List;

/**
 * A trace that hands every event to several traces, in the order given. {@link #close} closes the
 * ones that are {@link AutoCloseable}, all of them even if some fail; the first failure is thrown
 * with the later ones suppressed.
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
