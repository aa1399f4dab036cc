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
 * statistics, the spurious detector's peaks {@code note-interrupt.<irqs_unhandled|irq_count>}, and
 * the metrics of one device ({@code device.<device>.<metric>}) or vCPU ({@code vcpu.<n>.<metric>}).
 */
final class ExpectationNames {

    static final List<String> COUNTERS = MetricNames.FIXED;
    static final List<String> LATENCIES = List.of(MetricNames.ASSERT_TO_HANDLER, MetricNames.ASSERT_TO_ACK).stream()
            .map(l -> l.substring("latency.".length())).toList();
    static final List<String> STATISTICS = MetricNames.LATENCY_STATISTICS;

    private final Set<String> drivers;
    private final Optional<Set<String>> messageKeys;
    private final List<String> devices;
    private final Optional<Integer> vcpus;

    /**
     * @param drivers     the driver names the scenario's devices use
     * @param messageKeys the message keys the plugins declare; empty to accept any
     * @param devices     the scenario's device names
     * @param vcpus       the VM's vCPU count; empty to accept any vCPU number
     */
    ExpectationNames(Collection<String> drivers, Optional<Set<String>> messageKeys, List<String> devices,
                     Optional<Integer> vcpus) {
        this.drivers = new TreeSet<>(drivers);
        this.messageKeys = messageKeys;
        this.devices = List.copyOf(devices);
        this.vcpus = vcpus;
    }

    /** True for latency metrics (a device's too), whose values are nanoseconds and may be written as durations. */
    static boolean isLatency(String metric) {
        MetricNames.Scoped scoped = MetricNames.scoped(metric);
        return (scoped == null ? metric : scoped.metric()).startsWith("latency.");
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
            case MetricNames.DEVICE:
                return device(metric, found);
            case MetricNames.VCPU:
                return vcpu(metric, found);
            default:
                return Optional.of(found + allForms());
        }
    }

    private Optional<String> device(String metric, String found) {
        MetricNames.Scoped s = MetricNames.scoped(metric);
        if (!devices.contains(s.name())) {
            return Optional.of("found '" + Values.clip(metric) + "', a device this scenario does not have; allowed "
                    + "devices: " + String.join(", ", devices) + " (device.<device>.<metric>)");
        }
        String prefix = MetricNames.DEVICE + "." + s.name() + ".";
        return MetricNames.isDeviceMetric(s.metric()) ? Optional.empty()
                : Optional.of(found + prefix + "{" + String.join(",", MetricNames.PER_DEVICE) + "}, "
                + LATENCIES.stream().map(l -> prefix + "latency." + l + ".{" + String.join(",", STATISTICS) + "}")
                .reduce((a, b) -> a + ", " + b).orElseThrow());
    }

    private Optional<String> vcpu(String metric, String found) {
        MetricNames.Scoped s = MetricNames.scoped(metric);
        boolean number = s.name().matches("0|[1-9][0-9]{0,8}");
        if (!number || vcpus.map(n -> Integer.parseInt(s.name()) >= n).orElse(false)) {
            return Optional.of("found '" + Values.clip(metric) + "', a vCPU this scenario does not have; allowed "
                    + "vCPUs: " + vcpus.map(n -> n == 1 ? "0" : "0 to " + (n - 1)).orElse("0, 1, ...")
                    + " (vcpu.<n>.<metric>)");
        }
        String prefix = MetricNames.VCPU + "." + s.name() + ".";
        return MetricNames.isVcpuMetric(s.metric()) ? Optional.empty()
                : Optional.of(found + prefix + "{exits,exit-cost-ns}, " + prefix + "exits.{" + String.join(",",
                Arrays.stream(ExitCause.values()).map(ExitCause::label).toList()) + "}");
    }

    private String allForms() {
        return String.join(", ", COUNTERS) + ", exits.<cause>, spurious.<driver>, handled.<driver>, messages.<key>, "
                + "device.<device>.<metric>, vcpu.<n>.<metric>, "
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
