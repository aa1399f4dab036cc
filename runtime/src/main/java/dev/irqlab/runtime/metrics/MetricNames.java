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

    /**
     * Scope of a device's metrics: {@code device.<name>.<metric>} with a metric of {@link #PER_DEVICE}
     * or a latency statistic ({@link DeviceMetrics}).
     */
    public static final String DEVICE = "device";
    /** Scope of a vCPU's metrics: {@code vcpu.<n>.<metric>}, {@code exits[.<cause>]} or {@code exit-cost-ns}. */
    public static final String VCPU = "vcpu";
    /** The counters each device has beside the totals, in report order (its latencies follow). */
    public static final List<String> PER_DEVICE = List.of(DEVICE_EVENTS, SERVED, LOST, DOUBLE_SERVED, DELIVERED,
        HANDLED, SPURIOUS, HOST_LAZY_DISABLE_HITS);
    /** A device name, as a scenario writes it (and as its metrics name it). */
    private static final java.util.regex.Pattern SCOPE_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** Statistics of a latency metric, in report order. */
    public static final List<String> LATENCY_STATISTICS = List.of("samples", "min", "median", "p99", "max");

    private MetricNames() {
    }

    /** A metric of one device or vCPU: {@code <scope>.<name>.<metric>}. */
    public record Scoped(String scope, String name, String metric) {
    }

    /** {@code device.<device>.<metric>}. */
    public static String device(String device, String metric) {
        return DEVICE + "." + device + "." + metric;
    }

    /** {@code vcpu.<n>.<metric>}. */
    public static String vcpu(int n, String metric) {
        return VCPU + "." + n + "." + metric;
    }

    /** The parts of a {@code device.*} or {@code vcpu.*} name, or null for any other name. */
    public static Scoped scoped(String name) {
        String scope = inScope(name, DEVICE) ? DEVICE : inScope(name, VCPU) ? VCPU : null;
        if (scope == null) {
            return null;
        }
        int dot = name.indexOf('.', scope.length() + 1);
        return dot < 0 ? new Scoped(scope, name.substring(scope.length() + 1), "")
                : new Scoped(scope, name.substring(scope.length() + 1, dot), name.substring(dot + 1));
    }

    /** {@code name.startsWith(scope + ".")}, without building the prefix (every expectation, every run). */
    private static boolean inScope(String name, String scope) {
        return name.length() > scope.length() && name.charAt(scope.length()) == '.' && name.startsWith(scope);
    }

    /** True when {@code metric} is a per-device metric name (without the scope). */
    public static boolean isDeviceMetric(String metric) {
        return PER_DEVICE.contains(metric) || isLatency(metric);
    }

    /** True when {@code metric} is a per-vCPU metric name (without the scope). */
    public static boolean isVcpuMetric(String metric) {
        return metric.equals(EXITS) || metric.equals(EXIT_COST_NS)
            || (metric.startsWith(EXITS + ".") && causeByLabel(metric.substring(EXITS.length() + 1)) != null);
    }

    private static boolean isLatency(String name) {
        for (String latency : List.of(ASSERT_TO_HANDLER, ASSERT_TO_ACK)) {
            if (name.startsWith(latency + ".")) {
                return LATENCY_STATISTICS.contains(name.substring(latency.length() + 1));
            }
        }
        return false;
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
                + String.join("|", LATENCY_STATISTICS) + ">, " + DEVICE + ".<device>.<" + String.join("|", PER_DEVICE)
                + "|latency.*>, " + VCPU + ".<n>.<" + EXITS + "|" + EXITS + ".<cause>|" + EXIT_COST_NS + ">");
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
        Scoped scoped = scoped(name);
        if (scoped != null) {
            return scoped.scope().equals(DEVICE) ? SCOPE_NAME.matcher(scoped.name()).matches()
                && isDeviceMetric(scoped.metric())
                : scoped.name().matches("0|[1-9][0-9]{0,8}") && isVcpuMetric(scoped.metric());
        }
        return isLatency(name);
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
