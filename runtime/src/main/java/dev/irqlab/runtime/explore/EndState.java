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

    private final Map<String, String> last = new HashMap<>();
    private final List<String> devices;
    private final Footprints footprints;

    EndState(List<String> devices, Footprints footprints) {
        this.devices = List.copyOf(devices);
        this.footprints = footprints;
    }

    @Override
    public void emit(TraceEvent event) {
        if (event instanceof TraceEvent.StateChanged c) {
            last.put(c.component() + "\u0000" + c.subject() + "\u0000" + c.field(), c.to());
        }
        if (footprints != null) {
            // Dependency is per component (Explorer.dependent): the subject is not needed, and no key is built.
            footprints.touch(event.component());
        }
    }

    /** A 64-bit hash of the end state (every traced field's last value, in key order) and the metrics. */
    long hash(Map<String, Long> metrics) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : new TreeMap<>(last).entrySet()) {
            h = mix(mix(h, e.getKey()), e.getValue());
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
        return last.get(component + "\u0000" + subject + "\u0000" + field);
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
            String vfio = "vfio." + d + "\u0000";
            boolean masked = false;
            for (Map.Entry<String, String> e : last.entrySet()) {
                if (e.getKey().startsWith(vfio) && e.getKey().endsWith("\u0000masked") && "1".equals(e.getValue())) {
                    masked = true;
                }
                if (e.getKey().startsWith(vfio)) {
                    String subject = e.getKey().substring(vfio.length(), e.getKey().lastIndexOf('\u0000'));
                    masked |= "1".equals(value("host", subject, "masked")) || "1".equals(value("host", subject,
                            "disabled"));
                }
            }
            if (masked) {
                out.add(d);
            }
        }
        return out;
    }
}
