package dev.irqlab.runtime.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The counters and latencies a run reports in total ({@link RunMetrics}) and per device
 * ({@link DeviceMetrics}) under the same names; {@link MetricsCollector} defines what each counts.
 * Both records implement it with their components, so a name is looked up in one place.
 */
public interface InterruptCounts {

    long deviceEvents();

    long served();

    long lost();

    long doubleServed();

    long delivered();

    long handled();

    long spurious();

    long hostLazyDisableHits();

    Optional<LatencySummary> assertToHandler();

    Optional<LatencySummary> assertToAck();

    /** The counter called {@code metric} ({@link MetricNames#PER_DEVICE}), or empty for any other name. */
    default OptionalLong counter(String metric) {
        switch (metric) {
            case MetricNames.DEVICE_EVENTS:
                return OptionalLong.of(deviceEvents());
            case MetricNames.SERVED:
                return OptionalLong.of(served());
            case MetricNames.LOST:
                return OptionalLong.of(lost());
            case MetricNames.DOUBLE_SERVED:
                return OptionalLong.of(doubleServed());
            case MetricNames.DELIVERED:
                return OptionalLong.of(delivered());
            case MetricNames.HANDLED:
                return OptionalLong.of(handled());
            case MetricNames.SPURIOUS:
                return OptionalLong.of(spurious());
            case MetricNames.HOST_LAZY_DISABLE_HITS:
                return OptionalLong.of(hostLazyDisableHits());
            default:
                return OptionalLong.empty();
        }
    }

    /**
     * The latency statistic called {@code metric} ({@code assert-to-handler.<stat>},
     * {@code assert-to-ack.<stat>}): {@code samples} is 0 and any other statistic empty without
     * samples; empty for any other name.
     */
    default OptionalLong latency(String metric) {
        OptionalLong l = latency(metric, MetricNames.ASSERT_TO_HANDLER, assertToHandler());
        return l.isPresent() ? l : latency(metric, MetricNames.ASSERT_TO_ACK, assertToAck());
    }

    /** Puts every latency statistic with a value into {@code all}, in report order. */
    default void putLatencies(Map<String, Long> all) {
        putLatencies(all, MetricNames.ASSERT_TO_HANDLER, assertToHandler());
        putLatencies(all, MetricNames.ASSERT_TO_ACK, assertToAck());
    }

    private static void putLatencies(Map<String, Long> all, String prefix, Optional<LatencySummary> summary) {
        for (String stat : MetricNames.LATENCY_STATISTICS) {
            if (summary.isPresent()) {
                all.put(prefix + "." + stat, summary.get().statistic(stat));
            } else if (stat.equals("samples")) {
                all.put(prefix + "." + stat, 0L);
            }
        }
    }

    private static OptionalLong latency(String name, String prefix, Optional<LatencySummary> summary) {
        if (!name.startsWith(prefix + ".")) {
            return OptionalLong.empty();
        }
        String stat = name.substring(prefix.length() + 1);
        if (!MetricNames.LATENCY_STATISTICS.contains(stat)) {
            return OptionalLong.empty();
        }
        if (summary.isEmpty()) {
            return stat.equals("samples") ? OptionalLong.of(0) : OptionalLong.empty();
        }
        return OptionalLong.of(summary.get().statistic(stat));
    }
}
