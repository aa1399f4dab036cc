package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names under which {@link RunMetrics#value} reports metrics, as scenario expectations and the
 * result JSON use them.
 */
public final class MetricNames {

    public static final String DEVICE_EVENTS = "device-events";
    public static final String SERVED = "served";
    public static final String LOST = "lost";
    public static final String DOUBLE_SERVED = "double-served";
    public static final String DELIVERED = "delivered";
    public static final String HANDLED = "handled";
    public static final String SPURIOUS = "spurious";
    public static final String HOST_LAZY_DISABLE_HITS = "host-lazy-disable-hits";
    public static final String EXITS = "exits";
    public static final String EXIT_COST_NS = "exit-cost-ns";
    public static final String ASSERT_TO_HANDLER = "latency.assert-to-handler";
    public static final String ASSERT_TO_ACK = "latency.assert-to-ack";
    /**
     * Prefix of the spurious detector's peaks: {@code note-interrupt.irqs_unhandled} and
     * {@code note-interrupt.irq_count}, the largest value each running count of kernel/irq/spurious.c
     * {@code note_interrupt} reached ("nobody cared" when irq_count reaches 100,000 with
     * irqs_unhandled above 99,900).
     */
    public static final String NOTE_INTERRUPT = "note-interrupt";
    /** The counts under {@link #NOTE_INTERRUPT}, as the kernel names the fields. */
    public static final List<String> NOTE_INTERRUPT_COUNTS = List.of("irqs_unhandled", "irq_count");

    /** Metric names without a parameter, in report order. */
    public static final List<String> FIXED = List.of(DEVICE_EVENTS, SERVED, LOST, DOUBLE_SERVED, DELIVERED, HANDLED,
        SPURIOUS, HOST_LAZY_DISABLE_HITS, EXITS, EXIT_COST_NS);

    /** Statistics of a latency metric, in report order. */
    public static final List<String> LATENCY_STATISTICS = List.of("samples", "min", "median", "p99", "max");

    private MetricNames() {
    }

    /**
     * Checks that {@code name} is a metric name (for scenario expectations).
     *
     * @throws IllegalArgumentException naming the metric and the allowed forms
     */
    public static void requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("unknown metric \"" + name + "\"; allowed: " + String.join(", ", FIXED)
                + ", exits.<" + causeLabels() + ">, handled.<driver>, spurious.<driver>, messages.<key>, "
                + NOTE_INTERRUPT + ".<" + String.join("|", NOTE_INTERRUPT_COUNTS) + ">, "
                + ASSERT_TO_HANDLER + ".<" + String.join("|", LATENCY_STATISTICS) + ">, " + ASSERT_TO_ACK + ".<"
                + String.join("|", LATENCY_STATISTICS) + ">");
        }
    }

    public static boolean isValid(String name) {
        if (FIXED.contains(name)) {
            return true;
        }
        if (name.startsWith(EXITS + ".")) {
            return causeByLabel(name.substring(EXITS.length() + 1)) != null;
        }
        for (String prefix : List.of("handled.", "spurious.", "messages.")) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return true;
            }
        }
        if (name.startsWith(NOTE_INTERRUPT + ".")) {
            return NOTE_INTERRUPT_COUNTS.contains(name.substring(NOTE_INTERRUPT.length() + 1));
        }
        for (String latency : List.of(ASSERT_TO_HANDLER, ASSERT_TO_ACK)) {
            if (name.startsWith(latency + ".")) {
                return LATENCY_STATISTICS.contains(name.substring(latency.length() + 1));
            }
        }
        return false;
    }

    /** The exit cause with report label {@code label}, or null. */
    static ExitCause causeByLabel(String label) {
        for (ExitCause c : ExitCause.values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        return null;
    }

    private static String causeLabels() {
        return Stream.of(ExitCause.values()).map(ExitCause::label).collect(Collectors.joining("|"));
    }
}
