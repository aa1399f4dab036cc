package dev.irqlab.gic.arch;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceEvent;
import java.util.Arrays;

/** Emits the trace events of one GIC component: field changes of an interrupt and kernel messages. */
public final class StateTrace {

    private final Sim sim;
    private final String component;
    /** {@link #subject} per INTID, built on first use: one string per interrupt, not per event. */
    private String[] subjects = new String[0];
    /** Whether the trace reads state changes ({@code Trace.wantsDetail}); else they are left out. */
    private final boolean detail;

    public StateTrace(Sim sim, String component) {
        this.sim = sim;
        this.component = component;
        this.detail = sim.trace().wantsDetail();
    }

    /** Whether state changes are traced: a caller may skip building a cause's text when not. */
    public boolean detail() {
        return detail;
    }

    public String component() {
        return component;
    }

    public static String subject(int intid) {
        return "spi " + intid;
    }

    public static String bit(boolean b) {
        return b ? "1" : "0";
    }

    private String cachedSubject(int intid) {
        if (intid < 0) {
            return subject(intid);
        }
        if (intid >= subjects.length) {
            subjects = Arrays.copyOf(subjects, Math.max(intid + 1, subjects.length * 2));
        }
        String s = subjects[intid];
        if (s == null) {
            s = subject(intid);
            subjects[intid] = s;
        }
        return s;
    }

    public void changed(int intid, String field, String from, String to, String cause) {
        if (detail && !from.equals(to)) {
            sim.trace().emit(new TraceEvent.StateChanged(sim.now(), component, cachedSubject(intid), field, from, to, cause));
        }
    }

    /**
     * Emits a StateChanged for every boolean field (named {@code names[i]}, value bit i) whose value
     * differs between {@code before} and {@code after}, in field order: one place that turns state
     * mutations into trace events.
     */
    public void changed(int intid, String[] names, int before, int after, String cause) {
        int diff = detail ? before ^ after : 0;
        for (int i = 0; diff != 0 && i < names.length; i++) {
            int m = 1 << i;
            if ((diff & m) != 0) {
                diff &= ~m;
                changed(intid, names[i], bit((before & m) != 0), bit((after & m) != 0), cause);
            }
        }
    }

    /** A guest or driver did something the architecture calls UNPREDICTABLE or ignores. */
    public void message(String key, String text) {
        sim.trace().emit(new TraceEvent.KernelMessage(sim.now(), component, key, text));
    }
}
