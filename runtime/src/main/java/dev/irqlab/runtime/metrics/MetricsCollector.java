package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.IrqFlow;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes {@link RunMetrics} from the trace as it streams past, in memory bounded by the number
 * of devices, drivers, message keys and the backlog of unserved events (never the run length).
 *
 * <ul>
 *   <li><b>device-events</b>: {@code DeviceAsserted} events. <b>served</b>: {@code DeviceServed}
 *       events. <b>lost</b>: per device, event numbers asserted and never served.
 *       <b>double-served</b>: per device, event numbers served more than once (each counted once).</li>
 *   <li><b>delivered</b>: {@code IrqFlow} with outcome HANDLED in a guest kernel.
 *       <b>handled</b>/<b>spurious</b>: {@code DriverOutcome} in a guest kernel with
 *       {@code eventsServed > 0} / {@code == 0}, also per driver.</li>
 *   <li><b>host-lazy-disable-hits</b>: {@code IrqFlow} with outcome DISABLED_PENDING in a host
 *       kernel: an interrupt that arrived while the irq was (lazily) disabled
 *       ({@code kernel/irq/chip.c: handle_fasteoi_irq}, the {@code irqd_irq_disabled} branch that
 *       sets IRQS_PENDING and masks).</li>
 *   <li><b>exits</b>: {@code VmExit} events, per cause label, and their summed cost.</li>
 *   <li><b>messages.&lt;key&gt;</b>: {@code KernelMessage} events per key.</li>
 *   <li><b>note-interrupt.irqs_unhandled</b>, <b>note-interrupt.irq_count</b>: the largest value the
 *   spurious detector's running count (a {@code StateChanged} of that field) reached on any irq.</li>
 *   <li><b>latency.assert-to-handler</b>: per device, the assert times not yet matched form a
 *       FIFO; the first {@code HandlerRan} (any stage) in the device's guest kernel for its guest
 *       irq matches all of them. <b>latency.assert-to-ack</b>: {@code DeviceAsserted(n)} to the
 *       first {@code DeviceServed(n)} of the same device.</li>
 * </ul>
 * A component belongs to kernel {@code k} if it is {@code k} or starts with {@code k + "."}.
 */
public final class MetricsCollector implements Trace {

    private final MetricsSpec spec;
    private final Map<String, DeviceTally> devices = new HashMap<>();
    /** Guest kernel → guest irq → devices whose interrupt arrives there. */
    private final Map<String, Map<Integer, List<DeviceTally>>> devicesByGuestIrq = new HashMap<>();
    /** Component → its guest kernel, or "" if none. */
    private final ComponentKernels guestKernelOf;
    private final ComponentKernels hostKernelOf;
    private final Map<String, long[]> handledByDriver = new HashMap<>();
    private final Map<String, long[]> spuriousByDriver = new HashMap<>();
    private final Map<String, long[]> messages = new HashMap<>();
    /** Peaks of note_interrupt's running counts, by field name. */
    private final Map<String, long[]> noteInterrupt = new HashMap<>();
    private final long[] exitsByCause = new long[ExitCause.values().length];
    private final LatencyRecorder assertToHandler = new LatencyRecorder();
    private final LatencyRecorder assertToAck = new LatencyRecorder();
    /** The device {@link #device} returned last and the (identical) name it was asked for. */
    private String lastDeviceName;
    private DeviceTally lastDevice;
    private long deviceEvents;
    private long served;
    private long delivered;
    private long handled;
    private long spurious;
    private long hostLazyDisableHits;
    private long exits;
    private long exitCostNs;

    public MetricsCollector(MetricsSpec spec) {
        this.spec = spec;
        this.guestKernelOf = new ComponentKernels(spec.guestKernels());
        this.hostKernelOf = new ComponentKernels(spec.hostKernels());
        for (Map.Entry<String, IrqRef> e : spec.deviceGuestIrq().entrySet()) {
            IrqRef ref = e.getValue();
            devicesByGuestIrq.computeIfAbsent(ref.kernel(), k -> new HashMap<>())
                .computeIfAbsent(ref.irq(), k -> new ArrayList<>()).add(device(e.getKey()));
        }
    }

    @Override
    public void emit(TraceEvent event) {
        // Kept tiny so that the JIT inlines it into every emitting call site: most of the trace
        // (state changes, spans) counts for no metric and then need not even be allocated.
        if (!(event instanceof StateChanged || event instanceof SpanBegin || event instanceof SpanEnd)) {
            count(event);
        } else if (event instanceof StateChanged s && s.field().startsWith("irq")) {
            noteInterrupt(s);
        }
    }

    /** A change of {@code irqs_unhandled} or {@code irq_count} (kernel/irq/spurious.c): keep the peak. */
    private void noteInterrupt(StateChanged s) {
        if (!MetricNames.NOTE_INTERRUPT_COUNTS.contains(s.field())) {
            return;
        }
        long value = Long.parseLong(s.to());
        long[] peak = noteInterrupt.computeIfAbsent(s.field(), k -> new long[1]);
        peak[0] = Math.max(peak[0], value);
    }

    private void count(TraceEvent event) {
        if (event instanceof DeviceAsserted a) {
            deviceEvents++;
            device(a.component()).asserted(a.event(), a.time());
        } else if (event instanceof DeviceServed s) {
            served++;
            device(s.component()).served(s.event(), s.time(), assertToAck);
        } else if (event instanceof IrqFlow f) {
            flow(f);
        } else if (event instanceof HandlerRan h) {
            handlerRan(h);
        } else if (event instanceof DriverOutcome d) {
            driverOutcome(d);
        } else if (event instanceof VmExit x) {
            exits++;
            exitsByCause[x.cause().ordinal()]++;
            exitCostNs += x.costNs();
        } else if (event instanceof KernelMessage m) {
            messages.computeIfAbsent(m.key(), k -> new long[1])[0]++;
        }
    }

    /** The metrics of everything seen so far; the collector may keep receiving events. */
    public RunMetrics finish() {
        long lost = 0;
        long doubleServed = 0;
        for (DeviceTally d : devices.values()) {
            lost += d.lost();
            doubleServed += d.doubleServed;
        }
        Map<String, Long> causes = new HashMap<>();
        for (ExitCause c : ExitCause.values()) {
            causes.put(c.label(), exitsByCause[c.ordinal()]);
        }
        return new RunMetrics(deviceEvents, served, lost, doubleServed, delivered, handled, spurious,
            counts(handledByDriver), counts(spuriousByDriver), hostLazyDisableHits, exits, causes, exitCostNs,
            counts(messages), assertToHandler.summary(), assertToAck.summary(), counts(noteInterrupt));
    }

    private void flow(IrqFlow f) {
        if (f.outcome() == FlowOutcome.HANDLED && !guestKernelOf.of(f.component()).isEmpty()) {
            delivered++;
        }
        if (f.outcome() == FlowOutcome.DISABLED_PENDING && !hostKernelOf.of(f.component()).isEmpty()) {
            hostLazyDisableHits++;
        }
    }

    private void handlerRan(HandlerRan h) {
        String kernel = guestKernelOf.of(h.component());
        Map<Integer, List<DeviceTally>> byIrq = devicesByGuestIrq.get(kernel);
        List<DeviceTally> waiting = byIrq == null ? null : byIrq.get(h.irq());
        if (waiting != null) {
            for (DeviceTally d : waiting) {
                d.handlerRan(h.time(), assertToHandler);
            }
        }
    }

    private void driverOutcome(DriverOutcome d) {
        if (guestKernelOf.of(d.component()).isEmpty()) {
            return;
        }
        long[] h = handledByDriver.computeIfAbsent(d.driver(), k -> new long[1]);
        long[] s = spuriousByDriver.computeIfAbsent(d.driver(), k -> new long[1]);
        if (d.spurious()) {
            spurious++;
            s[0]++;
        } else {
            handled++;
            h[0]++;
        }
    }

    @SuppressWarnings("ReferenceEquality") // identity first: the trace reuses one String per component
    private DeviceTally device(String name) {
        if (name == lastDeviceName) {
            return lastDevice; // the same component string again: skip the look-up
        }
        DeviceTally d = devices.computeIfAbsent(name, k -> new DeviceTally(spec.deviceGuestIrq().containsKey(k)));
        lastDeviceName = name;
        lastDevice = d;
        return d;
    }

    private static Map<String, Long> counts(Map<String, long[]> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** Per-device bookkeeping of data event numbers and assert times. */
    private static final class DeviceTally {
        private final EventNumberSet asserted = new EventNumberSet();
        private final EventNumberSet servedOnce = new EventNumberSet();
        private final EventNumberSet servedTwice = new EventNumberSet();
        private final PendingAsserts pending = new PendingAsserts();
        /** Assert times waiting for a guest handler; null when the device has no guest irq. */
        private final LongFifo waitingForHandler;
        private long distinctAsserted;
        private long assertedAndServed;
        private long doubleServed;

        DeviceTally(boolean hasGuestIrq) {
            waitingForHandler = hasGuestIrq ? new LongFifo() : null;
        }

        void asserted(long event, long time) {
            if (waitingForHandler != null) {
                waitingForHandler.add(time);
            }
            if (!asserted.add(event)) {
                return;
            }
            distinctAsserted++;
            if (servedOnce.contains(event)) {
                assertedAndServed++;
            } else {
                pending.put(event, time);
            }
        }

        void served(long event, long time, LatencyRecorder toAck) {
            if (!servedOnce.add(event)) {
                if (servedTwice.add(event)) {
                    doubleServed++;
                }
                return;
            }
            if (asserted.contains(event)) {
                assertedAndServed++;
                toAck.record(time - pending.take(event));
            }
        }

        void handlerRan(long time, LatencyRecorder toHandler) {
            for (int i = 0; i < waitingForHandler.size(); i++) {
                toHandler.record(time - waitingForHandler.get(i));
            }
            waitingForHandler.clear();
        }

        long lost() {
            return distinctAsserted - assertedAndServed;
        }
    }
}
