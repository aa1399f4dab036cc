package dev.irqlab.runtime.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The metrics of one device, reported as {@code device.<name>.<metric>} beside the run's totals
 * ({@link MetricNames#PER_DEVICE}). Each counts what the total of the same name counts, for the
 * events of this device: its data events, what its driver found ({@code DriverOutcome.device}),
 * the guest flows on its guest irq ({@code delivered}) and the host's lazy-disable hits on its host
 * irq. A guest or host irq that several devices share counts for each of them, so {@code delivered}
 * and {@code host-lazy-disable-hits} of shared devices may add up to more than the total.
 */
public record DeviceMetrics(long deviceEvents, long served, long lost, long doubleServed, long delivered,
                            long handled, long spurious, long hostLazyDisableHits,
                            Optional<LatencySummary> assertToHandler, Optional<LatencySummary> assertToAck)
        implements InterruptCounts {

    /** The metric {@code metric} (a name of {@link MetricNames#PER_DEVICE} or a latency statistic), or empty. */
    public OptionalLong value(String metric) {
        OptionalLong c = counter(metric);
        return c.isPresent() ? c : latency(metric);
    }

    /** Every metric with a value, by its name without the {@code device.<name>.} prefix, in report order. */
    public Map<String, Long> values() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String name : MetricNames.PER_DEVICE) {
            all.put(name, value(name).getAsLong());
        }
        putLatencies(all);
        return Collections.unmodifiableMap(all);
    }
}
