package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.MessageKey;
import dev.irqlab.api.trace.NumberingTrace;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceName;
import dev.irqlab.api.trace.TraceNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
public final class MetricsCollector implements NumberingTrace {

    private final MetricsSpec spec;
    /**
     * Every name the trace gave a component, a device or a driver, by text, with what is counted for
     * it; found per event by the {@link TraceName}'s id in {@link #byId}, by text only the first time
     * a numbered name comes (or for a name no trace numbered).
     */
    private final Map<String, Named> names = new HashMap<>();
    /** The names that reported a driver outcome ({@link Named#driver}), in the order they first did. */
    private final List<Named> drivers = new ArrayList<>();
    /** The {@link Named} of each numbered name, by id: the entry is the name's when its handle is that name. */
    private Named[] byId;
    /** The component of the last exit and its tally: a vCPU's exits come in runs (a trapped access is several). */
    private TraceName exitComponent;
    private VcpuTally exitTally;
    /** The devices and vCPUs the trace named, by name, as {@link Named} made them. */
    private final Map<String, DeviceTally> devices = new HashMap<>();
    private final Map<String, VcpuTally> vcpus = new HashMap<>();

    /** The kernels and the devices on each of their irqs. */
    private final Map<String, KernelIrqs> guestKernels = new HashMap<>();
    private final Map<String, KernelIrqs> hostKernels = new HashMap<>();
    /** The count of each message key's text ({@code messages.<key>}), whichever component printed it. */
    private final Map<String, long[]> messages = new HashMap<>();
    /**
     * The count of each numbered message key, by id, found per message as {@link #byId} finds a name:
     * the entry is the key's when {@link #messageHandles} holds that key at its id.
     */
    private long[][] messageCounts;
    private MessageKey[] messageHandles;
    /**
     * Peaks of note_interrupt's running counts, by index in {@link MetricNames#NOTE_INTERRUPT_COUNTS};
     * -1 for a count that never changed (the counts are never negative).
     */
    private final long[] noteInterruptPeaks = newNoteInterruptPeaks();
    private final long[] bootExitsByCause = new long[CAUSES.size()];
    private final LatencyRecorder assertToHandler = new LatencyRecorder();
    private final LatencyRecorder assertToAck = new LatencyRecorder();
    private long deviceEvents;
    private long served;
    private long delivered;
    private long handled;
    private long spurious;
    private long hostLazyDisableHits;

    private static final List<ExitCause> CAUSES = List.of(ExitCause.values());

    /** What {@link #name}, {@link #stateKey} and {@link #messageKey} answer from: the run's numbering. */
    private final TraceNames numbering;

    public MetricsCollector(MetricsSpec spec) {
        this(spec, new TraceNames());
    }

    /**
     * Counts the run whose names {@code numbering} numbers: a model that asks this collector for a
     * name (when the run hands it the models directly) gets the number the run's trace gave it.
     */
    public MetricsCollector(MetricsSpec spec, TraceNames numbering) {
        this.spec = spec;
        this.numbering = numbering;
        // as many slots as the run has numbered so far (its models are built): no copy as its names come
        byId = new Named[Math.max(16, numbering.names())];
        int keys = Math.max(8, numbering.messageKeys());
        messageCounts = new long[keys][];
        messageHandles = new MessageKey[keys];
        for (String k : spec.guestKernels()) {
            guestKernels.put(k, new KernelIrqs());
        }
        for (String k : spec.hostKernels()) {
            hostKernels.put(k, new KernelIrqs());
        }
        for (String d : spec.devices()) {
            namedText(d).device();
        }
        for (Map.Entry<String, IrqRef> e : spec.deviceGuestIrq().entrySet()) {
            guestKernels.get(e.getValue().kernel()).add(e.getValue().irq(), namedText(e.getKey()).device());
        }
        for (Map.Entry<String, IrqRef> e : spec.deviceHostIrq().entrySet()) {
            hostKernels.get(e.getValue().kernel()).add(e.getValue().irq(), namedText(e.getKey()).device());
        }
    }

    /**
     * What is counted for one name: as a component, the guest or host kernel it belongs to (kernel
     * {@code k} owns {@code k} and every component starting with {@code k + "."}) and its exits (a
     * vCPU); as a device, its tally; as a driver, its outcomes. Each part is made on first use.
     */
    private final class Named {
        final String name;
        /** The numbered name whose id holds this in {@link #byId}, or null. */
        TraceName handle;
        private KernelIrqs guest;
        private KernelIrqs host;
        private DeviceTally device;
        private VcpuTally vcpu;
        /** Whether a guest kernel's driver of this name reported an outcome, and how many of each. */
        boolean driver;
        long driverHandled;
        long driverSpurious;

        Named(String name) {
            this.name = name;
        }

        KernelIrqs guest() {
            if (guest == null) {
                guest = kernelOf(spec.guestKernels(), guestKernels);
            }
            return guest;
        }

        KernelIrqs host() {
            if (host == null) {
                host = kernelOf(spec.hostKernels(), hostKernels);
            }
            return host;
        }

        private KernelIrqs kernelOf(Set<String> kernels, Map<String, KernelIrqs> irqs) {
            for (String kernel : kernels) {
                if (name.startsWith(kernel) && (name.length() == kernel.length() || name.charAt(kernel.length()) == '.')) {
                    return irqs.get(kernel);
                }
            }
            return KernelIrqs.NOT_A_KERNEL;
        }

        DeviceTally device() {
            if (device == null) {
                device = new DeviceTally(spec.deviceGuestIrq().containsKey(name));
                devices.put(name, device);
            }
            return device;
        }

        VcpuTally vcpu() {
            if (vcpu == null) {
                vcpu = new VcpuTally();
                vcpus.put(name, vcpu);
            }
            return vcpu;
        }
    }

    /** What is counted for {@code name}: by its id, the first time (or unnumbered) by its text. */
    @SuppressWarnings("ReferenceEquality") // a handle is its trace's one object for its name
    private Named named(TraceName name) {
        int id = name.id();
        Named[] table = byId;
        if (id >= 0 && id < table.length) {
            Named n = table[id];
            if (n != null && n.handle == name) {
                return n;
            }
        }
        return namedByText(name);
    }

    /** A name not found by its id: from the map, and under its id if it has one. */
    private Named namedByText(TraceName name) {
        Named n = namedText(name.text());
        int id = name.id();
        if (id >= 0) {
            if (id >= byId.length) {
                byId = Arrays.copyOf(byId, Math.max(id + 1, 2 * byId.length));
            }
            byId[id] = n;
            n.handle = name;
        }
        return n;
    }

    /** What is counted for the name {@code text}, made the first time. */
    private Named namedText(String text) {
        Named n = names.get(text);
        if (n == null) { // not computeIfAbsent: Named::new would capture this collector, a lambda per name
            n = new Named(text);
            names.put(text, n);
        }
        return n;
    }

    private DeviceTally device(TraceName name) {
        return named(name).device();
    }

    @Override
    public TraceNames names() {
        return numbering;
    }

    /** A record (set-up's events, replayed; a test): counted as its typed call. */
    @Override
    public void emit(TraceEvent event) {
        Trace.dispatch(event, this);
    }

    /**
     * No: the only detail counted is the {@code note_interrupt} counts, which the interrupt core emits
     * whatever this answers.
     */
    @Override
    public boolean wantsDetail() {
        return false;
    }

    @Override
    public void stateChanged(long time, StateKey key, String from, String to, String cause) {
        String field = key.field();
        int i = field.startsWith("irq") ? noteInterruptIndex(field) : -1;
        if (i >= 0) {
            noteInterrupt(i, Long.parseLong(to));
        }
    }

    /** A change of {@code irqs_unhandled} or {@code irq_count} (kernel/irq/spurious.c) keeps its peak. */
    @Override
    public void counterChanged(long time, StateKey key, long from, long to, String cause) {
        int i = noteInterruptIndex(key.field());
        if (i >= 0) {
            noteInterrupt(i, to);
        }
    }

    /** Its index in {@link MetricNames#NOTE_INTERRUPT_COUNTS} (found by identity first), or -1. */
    @SuppressWarnings("ReferenceEquality") // identity first: the kernel model passes the same literals
    private static int noteInterruptIndex(String field) {
        List<String> counts = MetricNames.NOTE_INTERRUPT_COUNTS;
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) == field) {
                return i;
            }
        }
        return counts.indexOf(field);
    }

    private static long[] newNoteInterruptPeaks() {
        long[] peaks = new long[MetricNames.NOTE_INTERRUPT_COUNTS.size()];
        Arrays.fill(peaks, -1);
        return peaks;
    }

    private void noteInterrupt(int i, long value) {
        noteInterruptPeaks[i] = Math.max(noteInterruptPeaks[i], value);
    }

    /** The peaks of the counts that changed, by name. */
    private SortedCounts noteInterruptPeaks() {
        String[] names = new String[noteInterruptPeaks.length];
        long[] peaks = new long[noteInterruptPeaks.length];
        int n = 0;
        for (int i = 0; i < noteInterruptPeaks.length; i++) {
            if (noteInterruptPeaks[i] >= 0) {
                names[n] = MetricNames.NOTE_INTERRUPT_COUNTS.get(i);
                peaks[n++] = noteInterruptPeaks[i];
            }
        }
        return SortedCounts.of(names, peaks, n);
    }

    @Override
    public void spanBegin(long time, TraceName component, String track, String name) {
    }

    @Override
    public void spanEnd(long time, TraceName component, String track, String name) {
    }

    @Override
    public void deviceAsserted(long time, TraceName component, long event) {
        deviceEvents++;
        device(component).asserted(event, time);
    }

    @Override
    public void deviceServed(long time, TraceName component, long event) {
        served++;
        device(component).served(event, time, assertToAck);
    }

    /** Counted on its component's tally alone: {@link #finish} sums the tallies into the totals. */
    @Override
    @SuppressWarnings("ReferenceEquality") // the component of the last exit, by identity as in named()
    public void vmExit(long time, TraceName component, ExitCause cause, String detail, long costNs,
            boolean boot) {
        if (component != exitComponent) {
            exitTally = named(component).vcpu();
            exitComponent = component;
        }
        int c = cause.ordinal();
        exitTally.exit(c, costNs);
        if (boot) {
            bootExitsByCause[c]++;
        }
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // a key is its trace's one object for its message
    public void kernelMessage(long time, MessageKey key, String text) {
        int id = key.id();
        MessageKey[] handles = messageHandles;
        if (id >= 0 && id < handles.length && handles[id] == key) {
            messageCounts[id][0]++;
        } else {
            messageCount(key)[0]++;
        }
    }

    /** The count of a key not found by its id: by its text, and kept under its id if it has one. */
    private long[] messageCount(MessageKey key) {
        long[] count = messages.computeIfAbsent(key.key(), k -> new long[1]);
        int id = key.id();
        if (id >= 0) {
            if (id >= messageHandles.length) {
                int n = Math.max(id + 1, 2 * messageHandles.length);
                messageHandles = Arrays.copyOf(messageHandles, n);
                messageCounts = Arrays.copyOf(messageCounts, n);
            }
            messageHandles[id] = key;
            messageCounts[id] = count;
        }
        return count;
    }

    /** The metrics of everything seen so far; the collector may keep receiving events. */
    public RunMetrics finish() {
        long lost = 0;
        long doubleServed = 0;
        for (DeviceTally d : devices.values()) {
            lost += d.lost();
            doubleServed += d.doubleServed;
        }
        VcpuTally allExits = new VcpuTally();
        for (VcpuTally t : vcpus.values()) {
            allExits.add(t);
        }
        Map<String, Long> causes = ExitCounts.of(allExits.byCause);
        Map<String, Long> boot = ExitCounts.of(bootExitsByCause);
        int n = drivers.size();
        String[] driverNames = new String[n];
        long[] driverHandled = new long[n];
        String[] spuriousNames = new String[n];
        long[] driverSpurious = new long[n];
        for (int i = 0; i < n; i++) {
            Named d = drivers.get(i);
            driverNames[i] = d.name;
            spuriousNames[i] = d.name;
            driverHandled[i] = d.driverHandled;
            driverSpurious[i] = d.driverSpurious;
        }
        // each map built here in its final order (sorted; the devices in report order) and handed over
        return new RunMetrics(deviceEvents, served, lost, doubleServed, delivered, handled, spurious,
            SortedCounts.of(driverNames, driverHandled, n), SortedCounts.of(spuriousNames, driverSpurious, n),
            hostLazyDisableHits, allExits.exits, causes, allExits.costNs, messageCounts(), assertToHandler.summary(),
            assertToAck.summary(), noteInterruptPeaks(), HandedOver.of(perDevice()),
            HandedOver.of(perVcpu()), boot);
    }

    /** The spec's devices in its order, then any other the trace named, by name. */
    private Map<String, DeviceMetrics> perDevice() {
        Map<String, DeviceMetrics> out = new LinkedHashMap<>();
        spec.devices().forEach(name -> out.put(name, devices.get(name).metrics()));
        if (out.size() < devices.size()) {
            new TreeMap<>(devices).forEach((name, d) -> {
                if (!out.containsKey(name)) {
                    out.put(name, d.metrics());
                }
            });
        }
        return out;
    }

    /**
     * vCPUs 0 to {@code spec.vcpus() - 1}, and any other the exits named, ascending: those of the spec
     * summed by index in an array, the others (none in a run the spec describes) in a sorted map.
     */
    private Map<Integer, VcpuMetrics> perVcpu() {
        VcpuTally[] byIndex = new VcpuTally[spec.vcpus()];
        Map<Integer, VcpuTally> others = null;
        for (Map.Entry<String, VcpuTally> e : vcpus.entrySet()) {
            int n = vcpuIndex(e.getKey());
            if (n < 0) {
                continue;
            }
            VcpuTally sum;
            if (n < byIndex.length) {
                if (byIndex[n] == null) {
                    byIndex[n] = new VcpuTally();
                }
                sum = byIndex[n];
            } else {
                others = others == null ? new TreeMap<>() : others;
                sum = others.computeIfAbsent(n, k -> new VcpuTally());
            }
            sum.add(e.getValue());
        }
        Map<Integer, VcpuMetrics> out = new LinkedHashMap<>();
        for (int i = 0; i < byIndex.length; i++) {
            out.put(i, (byIndex[i] == null ? new VcpuTally() : byIndex[i]).metrics());
        }
        if (others != null) {
            others.forEach((n, t) -> out.put(n, t.metrics()));
        }
        return out;
    }

    /** N of a component ending in {@code vcpuN} (VmExit: "vm.vcpuN"), or -1. */
    public static int vcpuIndex(String component) {
        int at = component.lastIndexOf("vcpu");
        int from = at + "vcpu".length();
        if (at < 0 || from == component.length() || component.length() - from > 9) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < component.length(); i++) {
            char c = component.charAt(i);
            if (!Character.isDigit(c)) {
                return -1;
            }
            n = n * 10 + Character.digit(c, 10);
        }
        return n;
    }

    @Override
    public void irqFlow(long time, TraceName component, int irq, String flow, FlowOutcome outcome) {
        if (outcome == FlowOutcome.HANDLED) {
            KernelIrqs guest = named(component).guest();
            if (guest != KernelIrqs.NOT_A_KERNEL) {
                delivered++;
                DeviceTally[] on = guest.on(irq);
                for (int i = 0; i < on.length; i++) {
                    on[i].delivered++;
                }
            }
        } else if (outcome == FlowOutcome.DISABLED_PENDING) {
            KernelIrqs host = named(component).host();
            if (host != KernelIrqs.NOT_A_KERNEL) {
                hostLazyDisableHits++;
                DeviceTally[] on = host.on(irq);
                for (int i = 0; i < on.length; i++) {
                    on[i].hostLazyDisableHits++;
                }
            }
        }
    }

    @Override
    public void handlerRan(long time, TraceName component, int irq, String action, HandlerStage stage,
            IrqReturn result) {
        DeviceTally[] on = named(component).guest().on(irq);
        for (int i = 0; i < on.length; i++) {
            on[i].handlerRan(time, assertToHandler);
        }
    }

    @Override
    public void driverOutcome(long time, TraceName component, TraceName driver, TraceName device, int irq,
            int eventsServed) {
        if (named(component).guest() == KernelIrqs.NOT_A_KERNEL) {
            return;
        }
        Named d = named(driver);
        if (!d.driver) {
            d.driver = true;
            drivers.add(d);
        }
        DeviceTally tally = device(device);
        if (eventsServed == 0) { // DriverOutcome.spurious()
            spurious++;
            d.driverSpurious++;
            tally.spurious++;
        } else {
            handled++;
            d.driverHandled++;
            tally.handled++;
        }
    }

    /** The count of each message key's text, sorted by key. */
    private SortedCounts messageCounts() {
        int n = messages.size();
        String[] keys = new String[n];
        long[] counts = new long[n];
        int i = 0;
        for (Map.Entry<String, long[]> e : messages.entrySet()) {
            keys[i] = e.getKey();
            counts[i++] = e.getValue()[0];
        }
        return SortedCounts.of(keys, counts, n);
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

    /** One kernel's devices by Linux irq number: an array indexed by irq, not a map. */
    private static final class KernelIrqs {
        /** What a component of none of the kernels maps to. */
        static final KernelIrqs NOT_A_KERNEL = new KernelIrqs();
        private static final DeviceTally[] NONE = new DeviceTally[0];
        private DeviceTally[][] byIrq = new DeviceTally[0][];

        void add(int irq, DeviceTally d) {
            if (irq >= byIrq.length) {
                byIrq = Arrays.copyOf(byIrq, irq + 1);
            }
            DeviceTally[] on = byIrq[irq] == null ? NONE : byIrq[irq];
            on = Arrays.copyOf(on, on.length + 1);
            on[on.length - 1] = d;
            byIrq[irq] = on;
        }

        /** The devices whose interrupt is {@code irq}, in the order added. */
        DeviceTally[] on(int irq) {
            DeviceTally[] on = irq >= 0 && irq < byIrq.length ? byIrq[irq] : null;
            return on == null ? NONE : on;
        }
    }

    /** The exits of one component (a vCPU's): per cause, and their cost. */
    private static final class VcpuTally {
        private final long[] byCause = new long[CAUSES.size()];
        private long exits;
        private long costNs;

        void exit(int cause, long cost) {
            exits++;
            byCause[cause]++;
            costNs += cost;
        }

        /** Adds the exits of {@code o} to these. */
        void add(VcpuTally o) {
            exits += o.exits;
            costNs += o.costNs;
            for (int i = 0; i < byCause.length; i++) {
                byCause[i] += o.byCause[i];
            }
        }

        VcpuMetrics metrics() {
            return new VcpuMetrics(exits, ExitCounts.of(byCause), costNs);
        }
    }
}
