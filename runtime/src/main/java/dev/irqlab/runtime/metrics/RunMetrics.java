package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The metrics of one run, computed from its trace by {@link MetricsCollector}. Immutable. See
 * {@link MetricsCollector} for the definition of each counter.
 *
 * @param exitsByCause every exit cause label (zero when none happened), in {@link ExitCause} order
 * @param handledByDriver every driver that reported an outcome, sorted by name
 * @param spuriousByDriver every driver that reported an outcome, sorted by name (zero when none was spurious)
 * @param messages count per {@code KernelMessage} key seen, sorted by key
 * @param noteInterrupt the largest value each running count of kernel/irq/spurious.c
 *                      {@code note_interrupt} reached on any irq of either kernel ({@code irqs_unhandled},
 *                      {@code irq_count}); a count that never left 0 is absent
 * @param devices the metrics of each device by name, in report order (the scenario's), reported as
 *                {@code device.<name>.<metric>}
 * @param vcpus the exits of each vCPU by index, ascending, reported as {@code vcpu.<n>.<metric>}
 * @param bootExitsByCause of {@code exitsByCause}, the exits the guest kernel's {@code init_IRQ} took
 *                         ({@code VmExit.boot}), every cause label, zero when none
 */
public record RunMetrics(long deviceEvents, long served, long lost, long doubleServed, long delivered, long handled,
                         long spurious, Map<String, Long> handledByDriver, Map<String, Long> spuriousByDriver,
                         long hostLazyDisableHits, long exits, Map<String, Long> exitsByCause, long exitCostNs,
                         Map<String, Long> messages, Optional<LatencySummary> assertToHandler,
                         Optional<LatencySummary> assertToAck, Map<String, Long> noteInterrupt,
                         Map<String, DeviceMetrics> devices, Map<Integer, VcpuMetrics> vcpus,
                         Map<String, Long> bootExitsByCause)
        implements InterruptCounts {

    public RunMetrics {
        handledByDriver = sorted(handledByDriver);
        spuriousByDriver = sorted(spuriousByDriver);
        exitsByCause = everyCause(exitsByCause);
        bootExitsByCause = everyCause(bootExitsByCause);
        messages = sorted(messages);
        noteInterrupt = sorted(noteInterrupt);
        devices = devices instanceof HandedOver ? devices : Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        vcpus = sorted(vcpus);
    }

    /** {@code m} sorted by key, read-only: as it is when {@link MetricsCollector#finish} built it so (a {@link HandedOver} or {@link SortedCounts}). */
    private static <K, V> Map<K, V> sorted(Map<K, V> m) {
        return m instanceof HandedOver || m instanceof SortedCounts ? m : Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    /** The totals alone, without per-device or per-vCPU metrics. */
    public RunMetrics(long deviceEvents, long served, long lost, long doubleServed, long delivered, long handled,
                      long spurious, Map<String, Long> handledByDriver, Map<String, Long> spuriousByDriver,
                      long hostLazyDisableHits, long exits, Map<String, Long> exitsByCause, long exitCostNs,
                      Map<String, Long> messages, Optional<LatencySummary> assertToHandler,
                      Optional<LatencySummary> assertToAck, Map<String, Long> noteInterrupt) {
        this(deviceEvents, served, lost, doubleServed, delivered, handled, spurious, handledByDriver, spuriousByDriver,
                hostLazyDisableHits, exits, exitsByCause, exitCostNs, messages, assertToHandler, assertToAck,
                noteInterrupt, Map.of(), Map.of(), Map.of());
    }

    private static final List<ExitCause> CAUSES = List.of(ExitCause.values());

    /** Every exit cause label in {@link ExitCause} order, 0 where {@code byCause} has none. */
    static Map<String, Long> everyCause(Map<String, Long> byCause) {
        if (byCause instanceof ExitCounts) {
            return byCause; // every cause in order already, immutable
        }
        Map<String, Long> causes = new LinkedHashMap<>();
        int known = 0;
        for (ExitCause c : CAUSES) {
            if (byCause.containsKey(c.label())) {
                known++;
            }
            causes.put(c.label(), byCause.getOrDefault(c.label(), 0L));
        }
        if (known != byCause.size()) {
            throw new IllegalArgumentException("exitsByCause keys " + byCause.keySet() + "; allowed: "
                + causes.keySet());
        }
        return Collections.unmodifiableMap(causes);
    }

    /**
     * The exits per cause after the guest's boot ({@code exitsByCause} less {@code bootExitsByCause}):
     * what the run's interrupts and the drivers' requests cost.
     */
    public Map<String, Long> exitsAfterBootByCause() {
        Map<String, Long> m = new LinkedHashMap<>();
        exitsByCause.forEach((c, n) -> m.put(c, n - bootExitsByCause.getOrDefault(c, 0L)));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The metric called {@code metricName} (see {@link MetricNames}). A counter that exists
     * reports 0 when nothing was counted ({@code exits.<cause>} for every cause, {@code
     * messages.<key>} for every key, {@code handled.<driver>} and {@code spurious.<driver>} for a
     * driver that reported outcomes, {@code latency.*.samples}); a latency statistic without
     * samples, a driver without outcomes and an unknown name are empty.
     */
    public OptionalLong value(String metricName) {
        OptionalLong counter = counter(metricName);
        if (counter.isPresent()) {
            return counter;
        }
        switch (metricName) {
            case MetricNames.EXITS:
                return OptionalLong.of(exits);
            case MetricNames.EXIT_COST_NS:
                return OptionalLong.of(exitCostNs);
            default:
                return parameterised(metricName);
        }
    }

    /**
     * Every metric that has a value, by name, in report order: the {@link #totals()}, then each
     * device's ({@code device.<name>.<metric>}), then each vCPU's ({@code vcpu.<n>.<metric>}).
     */
    public Map<String, Long> values() {
        Map<String, Long> all = new LinkedHashMap<>(totals());
        devices.forEach((name, d) -> d.values().forEach((k, v) -> all.put(MetricNames.device(name, k), v)));
        vcpus.forEach((n, c) -> c.values().forEach((k, v) -> all.put(MetricNames.vcpu(n, k), v)));
        return Collections.unmodifiableMap(all);
    }

    /** The run's totals that have a value, by name, in report order. */
    public Map<String, Long> totals() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String name : MetricNames.FIXED) {
            all.put(name, value(name).getAsLong());
        }
        exitsByCause.forEach((label, n) -> all.put(MetricNames.EXITS + "." + label, n));
        handledByDriver.forEach((driver, n) -> all.put("handled." + driver, n));
        spuriousByDriver.forEach((driver, n) -> all.put("spurious." + driver, n));
        messages.forEach((key, n) -> all.put("messages." + key, n));
        noteInterrupt.forEach((count, n) -> all.put(MetricNames.NOTE_INTERRUPT + "." + count, n));
        putLatencies(all);
        return Collections.unmodifiableMap(all);
    }

    private OptionalLong parameterised(String name) {
        MetricNames.Scoped scoped = MetricNames.scoped(name);
        if (scoped != null) {
            return scoped(scoped);
        }
        if (name.startsWith("exits.")) {
            return boxed(exitsByCause.get(name.substring("exits.".length())));
        }
        if (name.startsWith("handled.")) {
            return boxed(handledByDriver.get(name.substring("handled.".length())));
        }
        if (name.startsWith("spurious.")) {
            return boxed(spuriousByDriver.get(name.substring("spurious.".length())));
        }
        if (name.startsWith("messages.") && name.length() > "messages.".length()) {
            return OptionalLong.of(messages.getOrDefault(name.substring("messages.".length()), 0L));
        }
        if (name.startsWith(MetricNames.NOTE_INTERRUPT + ".")
                && MetricNames.NOTE_INTERRUPT_COUNTS.contains(name.substring(MetricNames.NOTE_INTERRUPT.length() + 1))) {
            return OptionalLong.of(noteInterrupt.getOrDefault(name.substring(MetricNames.NOTE_INTERRUPT.length() + 1),
                    0L));
        }
        return latency(name);
    }

    private OptionalLong scoped(MetricNames.Scoped s) {
        if (s.scope().equals(MetricNames.DEVICE)) {
            DeviceMetrics d = devices.get(s.name());
            return d == null ? OptionalLong.empty() : d.value(s.metric());
        }
        VcpuMetrics c;
        try {
            c = vcpus.get(Integer.valueOf(s.name()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return c == null ? OptionalLong.empty() : c.value(s.metric());
    }

    private static OptionalLong boxed(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
