package dev.irqlab.runtime.explore;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches a run's trace for what the explorer needs at its end: the last value of every traced
 * state field (component, subject, field) — the end state, hashed to tell runs apart — and the
 * wedged devices. Also reports the component of every trace event a dispatched event emits, for the
 * reduction (see {@link Footprints}).
 *
 * <p>It takes the typed calls as they come, so no record is built for it: a state change under a
 * numbered key (the run's trace numbers them, one per field) is kept in an array by the key's id, and
 * only the fields' last values are put in order, once, at the end; a record or an unnumbered key goes
 * to a map by its texts.
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

    /** A last value and the number of the change that set it (changes are counted in run order). */
    private record Stamped(String value, long change) {
    }

    /** Last values of fields given as records or under unnumbered keys. */
    private final Map<Field, Stamped> byText = new HashMap<>();
    /** Last values of fields under numbered keys, by the key's id, with the keys and their changes' numbers. */
    private String[] byId = new String[64];
    private StateKey[] keys = new StateKey[64];
    private long[] changeById = new long[64];
    /** State changes so far. */
    private long changes;
    /** Every field's last value in key order; made at the end of the run, on first use. */
    private TreeMap<Field, String> last;
    private final List<String> devices;
    private final Footprints footprints;

    EndState(List<String> devices, Footprints footprints) {
        this.devices = List.copyOf(devices);
        this.footprints = footprints;
    }

    @Override
    public void emit(TraceEvent event) {
        if (event instanceof TraceEvent.StateChanged c) {
            byText.put(new Field(c.component(), c.subject(), c.field()), new Stamped(c.to(), ++changes));
        }
        touch(event.component());
    }

    @Override
    public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        int id = key.id();
        if (id == TraceName.UNNUMBERED) {
            byText.put(new Field(key.component().text(), key.subject(), key.field()), new Stamped(to, ++changes));
        } else {
            if (id >= byId.length) {
                int n = Math.max(id + 1, 2 * byId.length);
                byId = Arrays.copyOf(byId, n);
                keys = Arrays.copyOf(keys, n);
                changeById = Arrays.copyOf(changeById, n);
            }
            byId[id] = to;
            keys[id] = key;
            changeById[id] = ++changes;
        }
        touch(key.component().text());
    }

    @Override
    public void deviceAsserted(long time, TraceName component, long event) {
        touch(component.text());
    }

    @Override
    public void deviceServed(long time, TraceName component, long event) {
        touch(component.text());
    }

    @Override
    public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        touch(component.text());
    }

    @Override
    public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        touch(component.text());
    }

    @Override
    public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        touch(component.text());
    }

    @Override
    public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs, boolean boot) {
        touch(component.text());
    }

    @Override
    public void spanBegin(long time, TraceName component, String track, String name) {
        touch(component.text());
    }

    @Override
    public void spanEnd(long time, TraceName component, String track, String name) {
        touch(component.text());
    }

    @Override
    public void kernelMessage(long time, MessageKey key, String text) {
        touch(key.component().text());
    }

    private void touch(String component) {
        if (footprints != null) {
            // Dependency is per component (Explorer.dependent): the subject is not needed, and no key is built.
            footprints.touch(component);
        }
    }

    /**
     * Every traced field's last value, in key order: the value of its latest change, whether it came
     * under its numbered key or by its texts.
     */
    private Map<Field, String> last() {
        if (last == null) {
            last = new TreeMap<>();
            Map<Field, Long> at = new HashMap<>();
            byText.forEach((f, v) -> {
                last.put(f, v.value());
                at.put(f, v.change());
            });
            for (int id = 0; id < byId.length; id++) {
                if (byId[id] != null) {
                    StateKey k = keys[id];
                    Field f = new Field(k.component().text(), k.subject(), k.field());
                    Long textChange = at.get(f);
                    if (textChange == null || textChange < changeById[id]) {
                        last.put(f, byId[id]);
                    }
                }
            }
        }
        return last;
    }

    /** A 64-bit hash of the end state (every traced field's last value, in key order) and the metrics. */
    long hash(Map<String, Long> metrics) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<Field, String> e : last().entrySet()) {
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
        return last().get(new Field(component, subject, field));
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
            for (Map.Entry<Field, String> e : last().entrySet()) {
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
