package dev.irqlab.runtime.explore;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches a run's trace for what the explorer needs at its end: the last value of every traced
 * state field (component, subject, field) — the end state, hashed to tell runs apart — and the
 * wedged devices. Also reports the component of every trace event a dispatched event emits, for the
 * reduction (see {@link Footprints}).
 */
final class EndState implements Trace {

    /**
     * A traced field. The emitters pass the same few string instances every time, so a record key
     * (cached string hashes, equals by identity first) costs no allocation beyond itself, where a
     * concatenated key cost three copies per state change.
     */
    private record Field(String component, String subject, String field) implements Comparable<Field> {
        /** The order of the strings {@code component + "\0" + subject + "\0" + field}: no part holds a NUL. */
        @Override
        public int compareTo(Field o) {
            int c = component.compareTo(o.component);
            if (c == 0) {
                c = subject.compareTo(o.subject);
            }
            return c != 0 ? c : field.compareTo(o.field);
        }
    }

    private final Map<Field, String> last = new HashMap<>();
    private final List<String> devices;
    private final Footprints footprints;

    EndState(List<String> devices, Footprints footprints) {
        this.devices = List.copyOf(devices);
        this.footprints = footprints;
    }

    @Override
    public void emit(TraceEvent event) {
        if (event instanceof TraceEvent.StateChanged c) {
            last.put(new Field(c.component(), c.subject(), c.field()), c.to());
        }
        if (footprints != null) {
            // Dependency is per component (Explorer.dependent): the subject is not needed, and no key is built.
            footprints.touch(event.component());
        }
    }

    /** A 64-bit hash of the end state (every traced field's last value, in key order) and the metrics. */
    long hash(Map<String, Long> metrics) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<Field, String> e : new TreeMap<>(last).entrySet()) {
            Field k = e.getKey();
            // once per run: the key is hashed as the string it was stored as before (same hashes)
            h = mix(mix(h, k.component() + "\u0000" + k.subject() + "\u0000" + k.field()), e.getValue());
        }
        for (Map.Entry<String, Long> e : metrics.entrySet()) {
            h = mix(mix(h, e.getKey()), Long.toString(e.getValue()));
        }
        return h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0xff;
        return h * 0x100000001b3L;
    }

    private String value(String component, String subject, String field) {
        return last.get(new Field(component, subject, field));
    }

    /**
     * Devices whose line is still asserted at the end while the host holds their interrupt masked:
     * vfio's mask of the device's irq ({@code vfio.<device>}, any irq), or the host kernel's
     * {@code masked}/{@code disabled} of that irq.
     */
    List<String> wedged() {
        List<String> out = new ArrayList<>();
        for (String d : devices) {
            if (!"1".equals(value(d, "irq", "line"))) {
                continue;
            }
            String vfio = "vfio." + d;
            boolean masked = false;
            for (Map.Entry<Field, String> e : last.entrySet()) {
                Field k = e.getKey();
                if (!k.component().equals(vfio)) {
                    continue;
                }
                if (k.field().equals("masked") && "1".equals(e.getValue())) {
                    masked = true;
                }
                masked |= "1".equals(value("host", k.subject(), "masked"))
                        || "1".equals(value("host", k.subject(), "disabled"));
            }
            if (masked) {
                out.add(d);
            }
        }
        return out;
    }
}
