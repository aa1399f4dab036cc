package dev.irqlab.runtime.output;

import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import dev.irqlab.runtime.metrics.MetricsCollector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The trace as Chrome trace-event JSON (the "JSON Object Format" of the Trace Event Format
 * document, opened by Perfetto UI and chrome://tracing):
 * {@code {"traceEvents":[...],"displayTimeUnit":"ns"}}, one event per line.
 *
 * <ul>
 *   <li>{@code SpanBegin}/{@code SpanEnd} become duration events {@code "B"}/{@code "E"} on the
 *       thread named after the span's track. A handler or thread span whose handler returned
 *       {@code IRQ_NONE} (the {@code HandlerRan} of its kernel just before its end, at the same
 *       time) has {@code "args":{"result":"IRQ_NONE"}} on its {@code "E"} and the colour name
 *       {@code "bad"}.</li>
 *   <li>{@code VmExit} becomes a complete event {@code "X"} on the thread named after its vCPU,
 *       lasting the exit's cost ({@code costNs}: the time the model keeps the vCPU out of the guest),
 *       with the exit's fields as {@code args}.</li>
 *   <li>Guest work on a vCPU runs at one virtual instant and the exits it makes are paid after it
 *       (kvm-irqfd {@code VcpuExecutor.charge}: the vCPU is busy until
 *       {@code max(busyUntil, now) + cost}, and its next work waits). So that the timeline shows
 *       where the vCPU's time goes, each exit of vCPU N starts when the vCPU is free
 *       ({@code max(time, busyUntil)}) and each span on a guest kernel's {@code cpuN} track begins
 *       and ends no earlier than that: a hard handler, or a flow, that exits lasts the exits' cost.
 *       Nothing else is moved; the JSONL trace keeps the model's instants.</li>
 *   <li>{@code KernelMessage}, {@code DeviceAsserted}, {@code DeviceServed} and a spurious
 *       {@code DriverOutcome} (the driver found nothing: {@code "found nothing"}, colour {@code
 *       "bad"}) become thread-scoped instant events {@code "i"} with the event's fields as
 *       {@code args}, on the thread named after the component.</li>
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

    /** The guest kernel's component name in a scenario run (the runtime's guest side). */
    public static final String GUEST = "guest";

    private final Writer out;
    private final JsonWriter json;
    private final Map<String, Integer> pids = new HashMap<>();
    /** Component → its process name (the text before the first dot). */
    private final Map<String, String> processOf = new HashMap<>();
    private final Map<String, Map<String, Integer>> tids = new HashMap<>();
    private int nextTid = 1;
    /** The guest kernels' component names: their {@code cpuN} tracks run on vCPU N. */
    private final Set<String> guestKernels;
    /** Track → the vCPU it runs on, -1 for none. */
    private final Map<String, Integer> trackCpu = new HashMap<>();
    /** Per vCPU, when the exits charged so far end ({@code VcpuExecutor.busyUntil}). */
    private long[] busyUntil = new long[0];
    /** Component → the result of its last {@code HandlerRan} and when, to mark the span it ends. */
    private final Map<String, HandlerRan> lastHandler = new HashMap<>();
    private boolean first = true;
    private boolean closed;

    /** A writer for a run whose guest kernel is {@value #GUEST}. */
    public ChromeTraceWriter(OutputStream out) {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8), Set.of(GUEST));
    }

    /** A writer for a run whose guest kernel is {@value #GUEST}. */
    public ChromeTraceWriter(Writer out) {
        this(out, Set.of(GUEST));
    }

    /** @param guestKernels the guest kernels' component names */
    public ChromeTraceWriter(Writer out, Set<String> guestKernels) {
        this.guestKernels = Set.copyOf(guestKernels);
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
            duration("B", onVcpu(b.time(), b.component(), b.track()), b.component(), b.track(), b.name());
            json.endObject();
        } else if (event instanceof SpanEnd e) {
            duration("E", onVcpu(e.time(), e.component(), e.track()), e.component(), e.track(), e.name());
            HandlerRan h = lastHandler.remove(e.component());
            if (h != null && h.time() == e.time() && h.result() == IrqReturn.NONE) {
                json.name("cname").value("bad").name("args").beginObject().name("result").value("IRQ_NONE")
                    .endObject();
            }
            json.endObject();
        } else if (event instanceof HandlerRan h) {
            lastHandler.put(h.component(), h);
        } else if (event instanceof DriverOutcome d && d.spurious()) {
            instant(d, "driver", "found nothing");
            json.name("cname").value("bad").name("args").beginObject().name("driver").value(d.driver())
                .name("device").value(d.device()).name("irq").value(d.irq()).endObject();
            json.endObject();
        } else if (event instanceof KernelMessage m) {
            instant(m, "message", m.key());
            json.name("args").beginObject().name("key").value(m.key()).name("text").value(m.text()).endObject();
            json.endObject();
        } else if (event instanceof VmExit x) {
            int pid = pid(x.component());
            int tid = tid(pid, x.component(), x.component());
            open();
            json.name("ph").value("X").name("cat").value("exit").name("name").value("exit " + x.cause().label());
            json.name("ts").rawNumber(Json.microsFromNanos(exitStart(x)))
                .name("dur").rawNumber(Json.microsFromNanos(x.costNs())).name("pid").value(pid).name("tid").value(tid);
            json.name("args").beginObject().name("cause").value(x.cause().label()).name("detail").value(x.detail())
                .name("costNs").value(x.costNs()).name("boot").value(x.boot()).endObject();
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

    /** When exit {@code x} starts on its vCPU's timeline; the vCPU is busy until it ends. */
    private long exitStart(VmExit x) {
        int n = MetricsCollector.vcpuIndex(x.component());
        if (n < 0) {
            return x.time();
        }
        if (n >= busyUntil.length) {
            busyUntil = Arrays.copyOf(busyUntil, n + 1);
        }
        long start = Math.max(x.time(), busyUntil[n]);
        busyUntil[n] = start + x.costNs();
        return start;
    }

    /** {@code time}, or later when the span's track is a guest CPU whose vCPU is still paying exits. */
    private long onVcpu(long time, String component, String track) {
        Integer cpu = trackCpu.get(track);
        if (cpu == null) {
            cpu = -1;
            String prefix = component + " cpu";
            if (guestKernels.contains(component) && track.startsWith(prefix)) {
                String digits = track.substring(prefix.length());
                if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)) {
                    cpu = Integer.parseInt(digits);
                }
            }
            trackCpu.put(track, cpu);
        }
        return cpu >= 0 && cpu < busyUntil.length ? Math.max(time, busyUntil[cpu]) : time;
    }

    /** Opens a duration event object; the caller may add fields and closes it. */
    private void duration(String ph, long time, String component, String track, String name) {
        int pid = pid(component);
        int tid = tid(pid, component, track);
        open();
        json.name("ph").value(ph).name("cat").value("span").name("name").value(name);
        json.name("ts").rawNumber(Json.microsFromNanos(time)).name("pid").value(pid).name("tid").value(tid);
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
