package dev.irqlab.runtime.output;

import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace as Chrome trace-event JSON (the "JSON Object Format" of the Trace Event Format
 * document, opened by Perfetto UI and chrome://tracing):
 * {@code {"traceEvents":[...],"displayTimeUnit":"ns"}}, one event per line.
 *
 * <ul>
 *   <li>{@code SpanBegin}/{@code SpanEnd} become duration events {@code "B"}/{@code "E"} on the
 *       thread named after the span's track.</li>
 *   <li>{@code KernelMessage}, {@code VmExit}, {@code DeviceAsserted}, {@code DeviceServed} become
 *       thread-scoped instant events {@code "i"} with the event's fields as {@code args}, on the
 *       thread named after the component.</li>
 *   <li>A process per component prefix (the text before the first dot: "host", "guest", "vm0", a
 *       device name) and a thread per track; pids and tids are numbered from 1 in order of first
 *       appearance and named by {@code "M"} {@code process_name}/{@code thread_name} metadata
 *       events written just before their first use.</li>
 *   <li>{@code ts} is in microseconds with three fraction digits, exact to the nanosecond.</li>
 * </ul>
 * Other event types are not timeline material and are skipped. Streams: only the pid and tid
 * tables are kept.
 */
public final class ChromeTraceWriter implements TraceWriter {

    private final Writer out;
    private final JsonWriter json;
    private final Map<String, Integer> pids = new HashMap<>();
    /** Component → its process name (the text before the first dot). */
    private final Map<String, String> processOf = new HashMap<>();
    private final Map<String, Map<String, Integer>> tids = new HashMap<>();
    private int nextTid = 1;
    private boolean first = true;
    private boolean closed;

    public ChromeTraceWriter(OutputStream out) {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    public ChromeTraceWriter(Writer out) {
        this.out = out;
        this.json = JsonWriter.compact(out);
        json.raw("{\"traceEvents\":[");
    }

    @Override
    public void emit(TraceEvent event) {
        if (closed) {
            throw new IllegalStateException("Chrome trace writer used after close");
        }
        if (event instanceof SpanBegin b) {
            duration("B", b.time(), b.component(), b.track(), b.name());
        } else if (event instanceof SpanEnd e) {
            duration("E", e.time(), e.component(), e.track(), e.name());
        } else if (event instanceof KernelMessage m) {
            instant(m, "message", m.key());
            json.name("args").beginObject().name("key").value(m.key()).name("text").value(m.text()).endObject();
            json.endObject();
        } else if (event instanceof VmExit x) {
            instant(x, "exit", "exit " + x.cause().label());
            json.name("args").beginObject().name("cause").value(x.cause().label()).name("detail").value(x.detail())
                .name("costNs").value(x.costNs()).endObject();
            json.endObject();
        } else if (event instanceof DeviceAsserted a) {
            instant(a, "device", "asserted");
            json.name("args").beginObject().name("event").value(a.event()).endObject();
            json.endObject();
        } else if (event instanceof DeviceServed s) {
            instant(s, "device", "served");
            json.name("args").beginObject().name("event").value(s.event()).endObject();
            json.endObject();
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            json.raw("\n],\"displayTimeUnit\":\"ns\"}\n");
            json.flush();
            out.close();
        }
    }

    private void duration(String ph, long time, String component, String track, String name) {
        int pid = pid(component);
        int tid = tid(pid, component, track);
        open();
        json.name("ph").value(ph).name("cat").value("span").name("name").value(name);
        json.name("ts").rawNumber(Json.microsFromNanos(time)).name("pid").value(pid).name("tid").value(tid);
        json.endObject();
    }

    /** Opens an instant event object; the caller adds args and closes it. */
    private void instant(TraceEvent e, String category, String name) {
        int pid = pid(e.component());
        int tid = tid(pid, e.component(), e.component());
        open();
        json.name("ph").value("i").name("s").value("t").name("cat").value(category).name("name").value(name);
        json.name("ts").rawNumber(Json.microsFromNanos(e.time())).name("pid").value(pid).name("tid").value(tid);
    }

    private int pid(String component) {
        String process = process(component);
        Integer pid = pids.get(process);
        if (pid == null) {
            pid = pids.size() + 1;
            pids.put(process, pid);
            tids.put(process, new HashMap<>());
            metadata("process_name", pid, 0, process);
        }
        return pid;
    }

    private int tid(int pid, String component, String track) {
        Map<String, Integer> threads = tids.get(process(component));
        Integer tid = threads.get(track);
        if (tid == null) {
            tid = nextTid++;
            threads.put(track, tid);
            metadata("thread_name", pid, tid, track);
        }
        return tid;
    }

    private String process(String component) {
        return processOf.computeIfAbsent(component, c -> {
            int dot = c.indexOf('.');
            return dot < 0 ? c : c.substring(0, dot);
        });
    }

    private void metadata(String kind, int pid, int tid, String name) {
        open();
        json.name("ph").value("M").name("name").value(kind).name("pid").value(pid).name("tid").value(tid);
        json.name("args").beginObject().name("name").value(name).endObject();
        json.endObject();
    }

    /** Starts the next element of the traceEvents array, one per line. */
    private void open() {
        json.reset().raw(first ? "\n" : ",\n").beginObject();
        first = false;
    }
}
