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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

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
    /** One more than the greatest numbered key's id seen. */
    private int keyCount;
    /** State changes so far. */
    private long changes;
    /** The last values of the fields {@link #wedged} reads (devices', vfio's, the host's); made on first use. */
    private Map<Field, String> watched;
    /** The key order of this run's numbered fields; found at the end of the run, on first use. */
    private Order order;
    private final Order previous;
    private final List<String> devices;
    private final Set<String> watchedComponents;
    private final Footprints footprints;

    /**
     * The order of a run's numbered fields: its keys by id, and the ids of those that changed in key
     * order. Runs of one scenario number the same fields alike, so the next run takes it as it is
     * when its keys are those (by their texts) and sorts only when they are not. Immutable.
     *
     * <p>One that a run's {@link #hash} went through also holds that run's values in key order and the
     * hash after each ({@link #hashed}): the hash is one FNV-1a pass over every key's text and value,
     * a chain of dependent multiplies that was most of an explored run's end, and a run whose first
     * values are those of the run before continues from the hash it had there. Runs of one
     * exploration differ in a few fields, so most of the pass is taken as it was.
     */
    static final class Order {
        private final StateKey[] keys;
        private final int[] sorted;
        /** The values of the fields in {@link #sorted} order of the run hashed last, or null. */
        private final String[] values;
        /** {@code prefix[i]}: the hash after the first {@code i} fields of that run; null with {@link #values}. */
        private final long[] prefix;

        private Order(StateKey[] keys, int[] sorted) {
            this(keys, sorted, null, null);
        }

        private Order(StateKey[] keys, int[] sorted, String[] values, long[] prefix) {
            this.keys = keys;
            this.sorted = sorted;
            this.values = values;
            this.prefix = prefix;
        }

        /** Whether this is {@code other}'s order of fields, taken as it was rather than sorted again. */
        boolean reuses(Order other) {
            return sorted == other.sorted;
        }

        /** This order, with the values and hashes of a run hashed through it. */
        private Order hashed(String[] values, long[] prefix) {
            return new Order(keys, sorted, values, prefix);
        }

        /** How many of the first fields had the same values as {@code byId} in the run hashed last. */
        @SuppressWarnings("ReferenceEquality") // the same value object first: the models pass their literals
        private int samePrefix(String[] byId) {
            if (values == null) {
                return 0;
            }
            int i = 0;
            while (i < sorted.length) {
                String a = values[i];
                String b = byId[sorted[i]];
                if (a != b && (a == null || !a.equals(b))) {
                    break;
                }
                i++;
            }
            return i;
        }

        /** Whether {@code keys} (the first {@code n}; null where none changed) are this order's, by their texts. */
        @SuppressWarnings("ReferenceEquality") // the same key object first; else compared by its texts
        boolean fits(StateKey[] keys, int n) {
            if (n != this.keys.length) {
                return false;
            }
            for (int id = 0; id < n; id++) {
                StateKey a = keys[id];
                StateKey b = this.keys[id];
                if (a == b) {
                    continue;
                }
                if (a == null || b == null || !a.component().text().equals(b.component().text())
                        || !a.subject().equals(b.subject()) || !a.field().equals(b.field())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param previous the order of the last run of the same exploration ({@link #order}), or null
     */
    EndState(List<String> devices, Footprints footprints, Order previous) {
        this.devices = List.copyOf(devices);
        this.footprints = footprints;
        this.previous = previous;
        Set<String> w = new HashSet<>(devices);
        w.add("host");
        devices.forEach(d -> w.add("vfio." + d));
        this.watchedComponents = Set.copyOf(w);
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
            keyCount = Math.max(keyCount, id + 1);
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
     * The last values of the fields whose component {@code component} accepts, into {@code into}: the
     * value of each field's latest change, whether it came under its numbered key or by its texts.
     */
    private Map<Field, String> lastValues(Map<Field, String> into, Predicate<String> component) {
        Map<Field, Long> at = new HashMap<>();
        byText.forEach((f, v) -> {
            if (component.test(f.component())) {
                into.put(f, v.value());
                at.put(f, v.change());
            }
        });
        for (int id = 0; id < keyCount; id++) {
            StateKey k = keys[id];
            if (k != null && component.test(k.component().text())) {
                Field f = new Field(k.component().text(), k.subject(), k.field());
                Long textChange = at.get(f);
                if (textChange == null || textChange < changeById[id]) {
                    into.put(f, byId[id]);
                }
            }
        }
        return into;
    }

    /** This run's order of its numbered fields: the previous run's when its keys are the same. */
    Order order() {
        if (order == null) {
            if (previous != null && previous.fits(keys, keyCount)) {
                order = previous;
            } else {
                List<Integer> ids = new ArrayList<>();
                for (int id = 0; id < keyCount; id++) {
                    if (keys[id] != null) {
                        ids.add(id);
                    }
                }
                ids.sort(Comparator.comparing(id -> field(keys[id])));
                order = new Order(Arrays.copyOf(keys, keyCount), ids.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return order;
    }

    private static Field field(StateKey k) {
        return new Field(k.component().text(), k.subject(), k.field());
    }

    /** A 64-bit hash of the end state (every traced field's last value, in key order) and the metrics. */
    long hash(Map<String, Long> metrics) {
        long h = FNV_OFFSET;
        if (byText.isEmpty()) {
            // every field under its numbered key: in the order found once per set of keys, from the
            // hash the last run hashed through it had after the values the two have in common
            Order o = order();
            int[] sorted = o.sorted;
            String[] values = new String[sorted.length];
            long[] prefix = new long[sorted.length + 1];
            int same = o.samePrefix(byId);
            if (same > 0) {
                System.arraycopy(o.values, 0, values, 0, same);
                System.arraycopy(o.prefix, 0, prefix, 0, same + 1);
            } else {
                prefix[0] = h;
            }
            for (int i = same; i < sorted.length; i++) {
                int id = sorted[i];
                StateKey k = keys[id];
                values[i] = byId[id];
                prefix[i + 1] = mix(mixKey(prefix[i], k.component().text(), k.subject(), k.field()), byId[id]);
            }
            h = prefix[sorted.length];
            order = o.hashed(values, prefix);
        } else {
            for (Map.Entry<Field, String> e : lastValues(new TreeMap<>(), c -> true).entrySet()) {
                Field k = e.getKey();
                h = mix(mixKey(h, k.component(), k.subject(), k.field()), e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : metrics.entrySet()) {
            h = mix(mix(h, e.getKey()), Long.toString(e.getValue()));
        }
        return h;
    }

    /**
     * {@link #mix} of the string {@code component + "\0" + subject + "\0" + field}, which is how a
     * field's key was hashed when it was kept as one string (the same hashes), without making it.
     */
    private static long mixKey(long h, String component, String subject, String field) {
        h = chars(step(chars(step(chars(h, component), 0), subject), 0), field);
        return step(h, 0xff);
    }

    private static long mix(long h, String s) {
        return step(chars(h, s), 0xff);
    }

    private static long chars(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i));
        }
        return h;
    }

    /** FNV-1a's 64-bit offset basis: the hash of nothing. */
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    /** One FNV-1a step. */
    private static long step(long h, int c) {
        return (h ^ c) * 0x100000001b3L;
    }

    private String value(String component, String subject, String field) {
        return watched().get(new Field(component, subject, field));
    }

    private Map<Field, String> watched() {
        if (watched == null) {
            watched = lastValues(new HashMap<>(), watchedComponents::contains);
        }
        return watched;
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
            for (Map.Entry<Field, String> e : watched().entrySet()) {
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
