package dev.irqlab.runtime.metrics;

import dev.irqlab.api.hypervisor.ExitCause;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The exits of one vCPU (the {@code VmExit} events of component {@code <vm>.vcpuN}), reported as
 * {@code vcpu.N.<metric>} beside the run's totals: {@code exits}, {@code exits.<cause>} for every
 * cause (0 when none) and {@code exit-cost-ns}.
 *
 * @param exitsByCause every exit cause label, in {@link ExitCause} order
 */
public record VcpuMetrics(long exits, Map<String, Long> exitsByCause, long exitCostNs) {

    public VcpuMetrics {
        exitsByCause = RunMetrics.everyCause(exitsByCause);
    }

    /** The metric {@code metric} ({@code exits}, {@code exits.<cause>}, {@code exit-cost-ns}), or empty. */
    public OptionalLong value(String metric) {
        if (metric.equals(MetricNames.EXITS)) {
            return OptionalLong.of(exits);
        }
        if (metric.equals(MetricNames.EXIT_COST_NS)) {
            return OptionalLong.of(exitCostNs);
        }
        if (metric.startsWith(MetricNames.EXITS + ".")) {
            Long n = exitsByCause.get(metric.substring(MetricNames.EXITS.length() + 1));
            return n == null ? OptionalLong.empty() : OptionalLong.of(n);
        }
        return OptionalLong.empty();
    }

    /** Every metric, by its name without the {@code vcpu.N.} prefix, in report order. */
    public Map<String, Long> values() {
        Map<String, Long> all = new LinkedHashMap<>();
        all.put(MetricNames.EXITS, exits);
        all.put(MetricNames.EXIT_COST_NS, exitCostNs);
        exitsByCause.forEach((label, n) -> all.put(MetricNames.EXITS + "." + label, n));
        return Collections.unmodifiableMap(all);
    }
}
