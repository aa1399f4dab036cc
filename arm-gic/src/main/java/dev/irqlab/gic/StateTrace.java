package dev.irqlab.gic;

import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.TraceEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Emits the trace events of one GIC component: field changes of an interrupt and kernel messages. */
final class StateTrace {

    private final Sim sim;
    private final String component;

    StateTrace(Sim sim, String component) {
        this.sim = sim;
        this.component = component;
    }

    String component() {
        return component;
    }

    static String subject(int intid) {
        return "spi " + intid;
    }

    static String bit(boolean b) {
        return b ? "1" : "0";
    }

    void changed(int intid, String field, String from, String to, String cause) {
        if (!from.equals(to)) {
            sim.trace().emit(new TraceEvent.StateChanged(sim.now(), component, subject(intid), field, from, to, cause));
        }
    }

    /** A guest or driver did something the architecture calls UNPREDICTABLE or ignores. */
    void message(String key, String text) {
        sim.trace().emit(new TraceEvent.KernelMessage(sim.now(), component, key, text));
    }

    /**
     * Runs {@code change} and emits a StateChanged for every field of {@code fields} whose value
     * differs afterwards: one place that turns state mutations into trace events.
     */
    void around(int intid, String cause, Supplier<Map<String, String>> fields, Runnable change) {
        Map<String, String> before = new LinkedHashMap<>(fields.get());
        change.run();
        Map<String, String> after = fields.get();
        for (Map.Entry<String, String> e : after.entrySet()) {
            changed(intid, e.getKey(), before.getOrDefault(e.getKey(), "?"), e.getValue(), cause);
        }
    }
}
