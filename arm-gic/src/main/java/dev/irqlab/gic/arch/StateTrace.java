package dev.irqlab.gic.arch;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKeys;
import dev.irqlab.api.trace.StateKeys;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceName;
import java.util.Arrays;

/**
 * Emits the trace events of one GIC component: field changes of an interrupt and kernel messages,
 * under the component's name as the run's trace numbers it, each interrupt's field by its state key.
 */
public final class StateTrace {

    private final Sim sim;
    private final String component;
    private final TraceName traceName;
    /** The keys of each interrupt's fields, by INTID. */
    private final StateKeys keys;
    /** The keys of the messages it prints, each asked for the first time it is printed. */
    private final MessageKeys messageKeys;
    /** {@link #subject} per INTID, built on first use: one string per interrupt, not per event. */
    private String[] subjects = new String[0];
    /** Where state changes go ({@code Trace.detailTrace}, asked once): null if the trace reads none. */
    private final Trace detailTrace;
    /** Whether the trace reads state changes; else they are left out. */
    private final boolean detail;

    public StateTrace(Sim sim, String component) {
        this.sim = sim;
        this.component = component;
        this.detailTrace = sim.trace().detailTrace();
        this.detail = detailTrace != null;
        this.traceName = sim.trace().name(component);
        this.messageKeys = new MessageKeys(sim.trace(), traceName);
        this.keys = new StateKeys(sim.trace(), traceName, this::cachedSubject);
    }

    /** Whether state changes are traced: a caller may skip building a cause's text when not. */
    public boolean detail() {
        return detail;
    }

    public String component() {
        return component;
    }

    /**
     * The interrupt as a device tree and the GIC manual both name it: "spi 8 (intid 40)" for SPI 8
     * ({@code interrupts = <GIC_SPI 8 ...>}, the scenario's line, INTID 32 + 8), "ppi 11 (intid 27)",
     * "sgi 1"; "intid N" past the SPI range (IHI0069 2.2.1: SGIs 0-15, PPIs 16-31, SPIs 32-1019).
     */
    public static String subject(int intid) {
        if (intid >= 0 && intid < 16) {
            return "sgi " + intid;
        }
        if (intid >= 16 && intid < 32) {
            return "ppi " + (intid - 16) + " (intid " + intid + ")";
        }
        if (intid >= 32 && intid < 1020) {
            return "spi " + (intid - 32) + " (intid " + intid + ")";
        }
        return "intid " + intid;
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
            detailTrace.stateChanged(sim.now(), keys.key(intid, field), from, to, cause);
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
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }
}
