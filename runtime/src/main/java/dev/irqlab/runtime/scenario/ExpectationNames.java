package dev.irqlab.runtime.scenario;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.runtime.metrics.MetricNames;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names an {@code expect:} block may use (the lists come from {@link MetricNames}): the fixed counters, {@code exits.<cause>}
 * per {@link ExitCause#label()}, {@code spurious.<driver>} / {@code handled.<driver>} for the
 * drivers of this scenario, {@code messages.<key>} for kernel message counts, the latency
 * statistics, and the spurious detector's peaks {@code note-interrupt.<irqs_unhandled|irq_count>}.
 */
final class ExpectationNames {

    static final List<String> COUNTERS = MetricNames.FIXED;
    static final List<String> LATENCIES = List.of(MetricNames.ASSERT_TO_HANDLER, MetricNames.ASSERT_TO_ACK).stream()
            .map(l -> l.substring("latency.".length())).toList();
    static final List<String> STATISTICS = MetricNames.LATENCY_STATISTICS;

    private final Set<String> drivers;
    private final Optional<Set<String>> messageKeys;

    /**
     * @param drivers     the driver names the scenario's devices use
     * @param messageKeys the message keys the plugins declare; empty to accept any
     */
    ExpectationNames(Collection<String> drivers, Optional<Set<String>> messageKeys) {
        this.drivers = new TreeSet<>(drivers);
        this.messageKeys = messageKeys;
    }

    /** True for latency metrics, whose values are nanoseconds and may be written as durations. */
    static boolean isLatency(String metric) {
        return metric.startsWith("latency.");
    }

    /** Empty if the name is allowed, else the message ({@code found '...', allowed: ...}). */
    Optional<String> check(String metric) {
        String found = "found '" + Values.clip(metric) + "', allowed: ";
        if (COUNTERS.contains(metric)) {
            return Optional.empty();
        }
        int dot = metric.indexOf('.');
        String head = dot < 0 ? metric : metric.substring(0, dot);
        String tail = dot < 0 ? "" : metric.substring(dot + 1);
        switch (head) {
            case "exits":
                List<String> causes = Arrays.stream(ExitCause.values()).map(ExitCause::label).toList();
                return causes.contains(tail) ? Optional.empty()
                        : Optional.of(found + String.join(", ", prefixed("exits.", causes)));
            case "spurious":
            case "handled":
                return drivers.contains(tail) ? Optional.empty()
                        : Optional.of(found + head + ", " + (drivers.isEmpty() ? head + ".<driver>"
                        : String.join(", ", prefixed(head + ".", drivers))) + " (drivers of this scenario)");
            case "messages":
                if (tail.isEmpty()) {
                    return Optional.of(found + "messages.<key>");
                }
                return messageKeys.isEmpty() || messageKeys.get().contains(tail) ? Optional.empty()
                        : Optional.of("found '" + Values.clip(metric) + "', a message no plugin emits; allowed: "
                        + String.join(", ", prefixed("messages.", messageKeys.get()))
                        + " (irqlab describe lists what each means)");
            case MetricNames.NOTE_INTERRUPT:
                return MetricNames.NOTE_INTERRUPT_COUNTS.contains(tail) ? Optional.empty()
                        : Optional.of(found + String.join(", ",
                        prefixed(MetricNames.NOTE_INTERRUPT + ".", MetricNames.NOTE_INTERRUPT_COUNTS)));
            case "latency":
                return latencies().contains(tail) ? Optional.empty()
                        : Optional.of(found + String.join(", ", prefixed("latency.", latencies())));
            default:
                return Optional.of(found + allForms());
        }
    }

    private String allForms() {
        return String.join(", ", COUNTERS) + ", exits.<cause>, spurious.<driver>, handled.<driver>, messages.<key>, "
                + LATENCIES.stream().map(l -> "latency." + l + ".{" + String.join(",", STATISTICS) + "}")
                .reduce((a, b) -> a + ", " + b).orElseThrow()
                + ", " + MetricNames.NOTE_INTERRUPT + ".{" + String.join(",", MetricNames.NOTE_INTERRUPT_COUNTS) + "}";
    }

    private static List<String> latencies() {
        return LATENCIES.stream().flatMap(l -> STATISTICS.stream().map(s -> l + "." + s)).toList();
    }

    private static List<String> prefixed(String prefix, Collection<String> names) {
        return names.stream().map(n -> prefix + n).toList();
    }
}
