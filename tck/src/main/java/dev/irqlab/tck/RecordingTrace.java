package dev.irqlab.tck;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A trace that keeps every event in memory, for assertions in tests. */
public final class RecordingTrace implements Trace {

    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public void emit(TraceEvent event) {
        events.add(event);
    }

    public List<TraceEvent> all() {
        return List.copyOf(events);
    }

    public <T extends TraceEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends TraceEvent> List<T> of(Class<T> type, Predicate<? super T> filter) {
        return of(type).stream().filter(filter).toList();
    }

    /** State changes of one field ("masked", "pending") of one component, in order. */
    public List<TraceEvent.StateChanged> changes(String component, String field) {
        return of(TraceEvent.StateChanged.class, e -> e.component().equals(component) && e.field().equals(field));
    }

    /** Kernel messages with one key. */
    public List<TraceEvent.KernelMessage> messages(String key) {
        return of(TraceEvent.KernelMessage.class, e -> e.key().equals(key));
    }

    public void clear() {
        events.clear();
    }
}
