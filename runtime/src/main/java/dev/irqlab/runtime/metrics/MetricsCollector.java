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
import java.util.LinkedHashMap;
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
 * Each device has the counters and latencies above for its own events beside the totals
 * ({@link DeviceMetrics}): {@code delivered} on its guest irq, {@code host-lazy-disable-hits} on its
 * host irq, {@code handled}/{@code spurious} by {@code DriverOutcome.device}. Each vCPU has its exits
 * ({@link VcpuMetrics}), by the {@code vcpuN} that ends the exit's component.
 * A component belongs to kernel {@code k} if it is {@code k} or starts with {@code k + "."}.
 */
public final class MetricsCollector implements Trace {

    private final MetricsSpec spec;
    private final Map<String, DeviceTally> devices = new HashMap<>();
    /** Guest kernel → guest irq → devices whose interrupt arrives there. */
    private final Map<String, Map<Integer, List<DeviceTally>>> devicesByGuestIrq = new HashMap<>();
    /** Host kernel → host irq → devices requested there. */
    private final Map<String, Map<Integer, List<DeviceTally>>> devicesByHostIrq = new HashMap<>();
    /** Exits by the vCPU component they happened on. */
    private final Map<String, VcpuTally> vcpus = new HashMap<>();
    private String lastVcpuName;
    private VcpuTally lastVcpu;
    /** Component → its guest kernel, or "" if none. */
    private final ComponentKernels guestKernelOf;
    private final ComponentKernels hostKernelOf;
    private final Map<String, long[]> handledByDriver = new HashMap<>();
    private final Map<String, long[]> spuriousByDriver = new HashMap<>();
    private final Map<String, long[]> messages = new HashMap<>();
    /** Peaks of note_interrupt's running counts, by field name. */
    private final Map<String, long[]> noteInterrupt = new HashMap<>();
    private final long[] exitsByCause = new long[ExitCause.values().length];
    private final long[] bootExitsByCause = new long[ExitCause.values().length];
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
        for (Map.Entry<String, IrqRef> e : spec.deviceHostIrq().entrySet()) {
            IrqRef ref = e.getValue();
            devicesByHostIrq.computeIfAbsent(ref.kernel(), k -> new HashMap<>())
                .computeIfAbsent(ref.irq(), k -> new ArrayList<>()).add(device(e.getKey()));
        }
        spec.devices().forEach(this::device);
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

    /**
     * No: the only detail counted is the {@code note_interrupt} counts, which the interrupt core emits
     * whatever this answers.
     */
    @Override
    public boolean wantsDetail() {
        return false;
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
            if (x.boot()) {
                bootExitsByCause[x.cause().ordinal()]++;
            }
            exitCostNs += x.costNs();
            vcpu(x.component()).exit(x);
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
        Map<String, Long> boot = new HashMap<>();
        for (ExitCause c : ExitCause.values()) {
            causes.put(c.label(), exitsByCause[c.ordinal()]);
            boot.put(c.label(), bootExitsByCause[c.ordinal()]);
        }
        return new RunMetrics(deviceEvents, served, lost, doubleServed, delivered, handled, spurious,
            counts(handledByDriver), counts(spuriousByDriver), hostLazyDisableHits, exits, causes, exitCostNs,
            counts(messages), assertToHandler.summary(), assertToAck.summary(), counts(noteInterrupt),
            perDevice(), perVcpu(), boot);
    }

    /** The spec's devices in its order, then any other the trace named, by name. */
    private Map<String, DeviceMetrics> perDevice() {
        Map<String, DeviceMetrics> out = new LinkedHashMap<>();
        spec.devices().forEach(name -> out.put(name, devices.get(name).metrics()));
        new TreeMap<>(devices).forEach((name, d) -> out.putIfAbsent(name, d.metrics()));
        return out;
    }

    /** vCPUs 0 to {@code spec.vcpus() - 1}, and any other the exits named. */
    private Map<Integer, VcpuMetrics> perVcpu() {
        Map<Integer, VcpuTally> byIndex = new TreeMap<>();
        for (int i = 0; i < spec.vcpus(); i++) {
            byIndex.put(i, new VcpuTally());
        }
        vcpus.forEach((component, t) -> {
            int n = vcpuIndex(component);
            if (n >= 0) {
                byIndex.merge(n, t, VcpuTally::plus);
            }
        });
        Map<Integer, VcpuMetrics> out = new TreeMap<>();
        byIndex.forEach((n, t) -> out.put(n, t.metrics()));
        return out;
    }

    /** N of a component ending in {@code vcpuN} (VmExit: "vm.vcpuN"), or -1. */
    public static int vcpuIndex(String component) {
        int at = component.lastIndexOf("vcpu");
        String digits = at < 0 ? "" : component.substring(at + "vcpu".length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private void flow(IrqFlow f) {
        if (f.outcome() == FlowOutcome.HANDLED) {
            String kernel = guestKernelOf.of(f.component());
            if (!kernel.isEmpty()) {
                delivered++;
                List<DeviceTally> on = on(devicesByGuestIrq, kernel, f.irq());
                for (int i = 0; i < on.size(); i++) {
                    on.get(i).delivered++;
                }
            }
        }
        if (f.outcome() == FlowOutcome.DISABLED_PENDING) {
            String kernel = hostKernelOf.of(f.component());
            if (!kernel.isEmpty()) {
                hostLazyDisableHits++;
                List<DeviceTally> on = on(devicesByHostIrq, kernel, f.irq());
                for (int i = 0; i < on.size(); i++) {
                    on.get(i).hostLazyDisableHits++;
                }
            }
        }
    }

    /** The devices whose interrupt is {@code irq} of {@code kernel}. */
    private static List<DeviceTally> on(Map<String, Map<Integer, List<DeviceTally>>> byIrq, String kernel, int irq) {
        Map<Integer, List<DeviceTally>> of = byIrq.get(kernel);
        List<DeviceTally> found = of == null ? null : of.get(irq);
        return found == null ? List.of() : found;
    }

    private void handlerRan(HandlerRan h) {
        // Indexed: a for-each allocated an iterator per handler (JFR: 2 % of a round trip's bytes).
        List<DeviceTally> on = on(devicesByGuestIrq, guestKernelOf.of(h.component()), h.irq());
        for (int i = 0; i < on.size(); i++) {
            on.get(i).handlerRan(h.time(), assertToHandler);
        }
    }

    private void driverOutcome(DriverOutcome d) {
        if (guestKernelOf.of(d.component()).isEmpty()) {
            return;
        }
        long[] h = handledByDriver.computeIfAbsent(d.driver(), k -> new long[1]);
        long[] s = spuriousByDriver.computeIfAbsent(d.driver(), k -> new long[1]);
        DeviceTally tally = device(d.device());
        if (d.spurious()) {
            spurious++;
            s[0]++;
            tally.spurious++;
        } else {
            handled++;
            h[0]++;
            tally.handled++;
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

    @SuppressWarnings("ReferenceEquality") // as device(): one String per vCPU component
    private VcpuTally vcpu(String component) {
        if (component == lastVcpuName) {
            return lastVcpu;
        }
        VcpuTally t = vcpus.computeIfAbsent(component, k -> new VcpuTally());
        lastVcpuName = component;
        lastVcpu = t;
        return t;
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
        private final LatencyRecorder toHandler = new LatencyRecorder();
        private final LatencyRecorder toAck = new LatencyRecorder();
        private long events;
        private long served;
        private long delivered;
        private long handled;
        private long spurious;
        private long hostLazyDisableHits;
        /** Assert times waiting for a guest handler; null when the device has no guest irq. */
        private final LongFifo waitingForHandler;
        private long distinctAsserted;
        private long assertedAndServed;
        private long doubleServed;

        DeviceTally(boolean hasGuestIrq) {
            waitingForHandler = hasGuestIrq ? new LongFifo() : null;
        }

        void asserted(long event, long time) {
            events++;
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

        void served(long event, long time, LatencyRecorder total) {
            served++;
            if (!servedOnce.add(event)) {
                if (servedTwice.add(event)) {
                    doubleServed++;
                }
                return;
            }
            if (asserted.contains(event)) {
                assertedAndServed++;
                long ns = time - pending.take(event);
                total.record(ns);
                toAck.record(ns);
            }
        }

        void handlerRan(long time, LatencyRecorder total) {
            for (int i = 0; i < waitingForHandler.size(); i++) {
                long ns = time - waitingForHandler.get(i);
                total.record(ns);
                toHandler.record(ns);
            }
            waitingForHandler.clear();
        }

        long lost() {
            return distinctAsserted - assertedAndServed;
        }

        DeviceMetrics metrics() {
            return new DeviceMetrics(events, served, lost(), doubleServed, delivered, handled, spurious,
                hostLazyDisableHits, toHandler.summary(), toAck.summary());
        }
    }

    /** One vCPU's exits. */
    private static final class VcpuTally {
        private final long[] byCause = new long[ExitCause.values().length];
        private long exits;
        private long costNs;

        void exit(VmExit x) {
            exits++;
            byCause[x.cause().ordinal()]++;
            costNs += x.costNs();
        }

        VcpuTally plus(VcpuTally o) {
            VcpuTally sum = new VcpuTally();
            sum.exits = exits + o.exits;
            sum.costNs = costNs + o.costNs;
            for (int i = 0; i < byCause.length; i++) {
                sum.byCause[i] = byCause[i] + o.byCause[i];
            }
            return sum;
        }

        VcpuMetrics metrics() {
            Map<String, Long> causes = new LinkedHashMap<>();
            for (ExitCause c : ExitCause.values()) {
                causes.put(c.label(), byCause[c.ordinal()]);
            }
            return new VcpuMetrics(exits, causes, costNs);
        }
    }
}
