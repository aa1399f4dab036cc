package dev.irqlab.runtime.output;

import dev.irqlab.runtime.metrics.DeviceMetrics;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.LatencySummary;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run's metrics as a fixed-width plain-ASCII table for the terminal. Counters first (per-driver
 * and per-cause breakdowns indented under their totals, zero breakdowns left out), then kernel
 * messages, then (with two devices or more) a line per device and (with two vCPUs or more) a line per
 * vCPU, then the latency distributions with human units, each device's under the total when there are
 * several. Given expectations, two more columns
 * show the expected range and PASS/FAIL, expectations on metrics not shown as rows are added at
 * the end, and a last line gives the overall verdict.
 */
public final class SummaryTable {

    private static final String INDENT = "  ";

    private SummaryTable() {
    }

    /**
     * The table as text (lines end with {@code \n}).
     *
     * @param info the run, or null to leave out the heading line
     * @param expectations checked expectations; empty for no verdict columns
     */
    public static String render(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations) {
        Map<String, ExpectationResult> byMetric = new LinkedHashMap<>();
        for (ExpectationResult e : expectations) {
            byMetric.put(e.metric(), e);
        }
        boolean verdicts = !expectations.isEmpty();
        List<Row> rows = counterRows(metrics);
        Set<String> shown = new HashSet<>();
        for (Row r : rows) {
            shown.add(r.metric());
        }
        for (ExpectationResult e : expectations) {
            if (!shown.contains(e.metric())) {
                rows.add(new Row(e.metric(), e.metric(), e.actual() == null ? "-" : e.actual().toString()));
            }
        }

        int nameWidth = "metric".length();
        int valueWidth = "value".length();
        int expectedWidth = "expected".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.label().length());
            valueWidth = Math.max(valueWidth, r.value().length());
            ExpectationResult e = byMetric.get(r.metric());
            if (e != null) {
                expectedWidth = Math.max(expectedWidth, e.expectedText().length());
            }
        }
        StringBuilder b = new StringBuilder();
        if (info != null) {
            b.append(info.scenarioName()).append(" (").append(info.sourceFile()).append(")  seed ").append(info.seed())
                .append("  end ").append(duration(info.endTimeNs())).append("  events ").append(info.eventsDispatched())
                .append('\n');
            if (!info.versions().isEmpty()) {
                b.append("versions: ").append(info.versionsText()).append('\n');
            }
        }
        String header = pad("metric", nameWidth) + "  " + leftPad("value", valueWidth)
            + (verdicts ? "  " + pad("expected", expectedWidth) + "  verdict" : "");
        String rule = "-".repeat(Math.max(header.length(), 58));
        b.append(rule).append('\n').append(header.stripTrailing()).append('\n');
        for (Row r : rows) {
            StringBuilder line = new StringBuilder();
            line.append(pad(r.label(), nameWidth)).append("  ").append(leftPad(r.value(), valueWidth));
            ExpectationResult e = byMetric.get(r.metric());
            if (e != null) {
                line.append("  ").append(pad(e.expectedText(), expectedWidth)).append("  ")
                    .append(e.passed() ? "PASS" : "FAIL");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        if (metrics.devices().size() > 1) {
            deviceRows(b, metrics);
        }
        if (metrics.vcpus().size() > 1) {
            vcpuRows(b, metrics);
        }
        latencyRows(b, metrics);
        b.append(rule).append('\n');
        if (verdicts) {
            List<String> failed = new ArrayList<>();
            for (ExpectationResult e : expectations) {
                if (!e.passed()) {
                    failed.add(e.metric());
                }
            }
            if (failed.isEmpty()) {
                b.append("verdict: PASS (").append(expectations.size()).append(" expectations met)\n");
            } else {
                b.append("verdict: FAIL (").append(failed.size()).append(" of ").append(expectations.size())
                    .append(" expectations failed: ").append(String.join(", ", failed)).append(")\n");
            }
        }
        return b.toString();
    }

    private static List<Row> counterRows(RunMetrics m) {
        List<Row> rows = new ArrayList<>();
        counter(rows, m, MetricNames.DEVICE_EVENTS);
        counter(rows, m, MetricNames.SERVED);
        counter(rows, m, MetricNames.LOST);
        counter(rows, m, MetricNames.DOUBLE_SERVED);
        counter(rows, m, MetricNames.DELIVERED);
        counter(rows, m, MetricNames.HANDLED);
        m.handledByDriver().forEach((d, n) -> sub(rows, "handled." + d, n, m.handledByDriver().size() > 1));
        counter(rows, m, MetricNames.SPURIOUS);
        m.spuriousByDriver().forEach((d, n) -> sub(rows, "spurious." + d, n, false));
        counter(rows, m, MetricNames.HOST_LAZY_DISABLE_HITS);
        counter(rows, m, MetricNames.EXITS);
        m.exitsByCause().forEach((c, n) -> sub(rows, MetricNames.EXITS + "." + c, n, false));
        if (m.exits() > 0) {
            rows.add(new Row(MetricNames.EXIT_COST_NS, INDENT + "cost", duration(m.exitCostNs())));
        }
        m.messages().forEach((k, n) -> rows.add(new Row("messages." + k, "messages." + k, Long.toString(n))));
        m.noteInterrupt().forEach((k, n) -> rows.add(new Row(MetricNames.NOTE_INTERRUPT + "." + k,
                MetricNames.NOTE_INTERRUPT + "." + k + " (peak)", Long.toString(n))));
        return rows;
    }

    private static void counter(List<Row> rows, RunMetrics m, String name) {
        rows.add(new Row(name, name, Long.toString(m.value(name).getAsLong())));
    }

    /** A breakdown row, shown when non-zero (or always, when {@code evenIfZero}). */
    private static void sub(List<Row> rows, String metric, long n, boolean evenIfZero) {
        if (n != 0 || evenIfZero) {
            rows.add(new Row(metric, INDENT + metric, Long.toString(n)));
        }
    }

    /** Column headings of the per-device lines, for {@link MetricNames#PER_DEVICE} in order. */
    private static final List<String> DEVICE_COLUMNS = List.of("events", "served", "lost", "double", "delivered",
        "handled", "spurious", "host-lazy");

    private static void deviceRows(StringBuilder b, RunMetrics m) {
        List<List<String>> lines = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("device"));
        head.addAll(DEVICE_COLUMNS);
        lines.add(head);
        m.devices().forEach((name, d) -> {
            List<String> line = new ArrayList<>(List.of(INDENT + name));
            MetricNames.PER_DEVICE.forEach(k -> line.add(Long.toString(d.value(k).getAsLong())));
            lines.add(line);
        });
        columns(b, lines);
    }

    /** exits, cost and every cause some vCPU exited for. */
    private static void vcpuRows(StringBuilder b, RunMetrics m) {
        List<String> causes = new ArrayList<>();
        m.exitsByCause().forEach((c, n) -> {
            if (n > 0) {
                causes.add(c);
            }
        });
        List<List<String>> lines = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("vcpu", "exits", "cost"));
        head.addAll(causes);
        lines.add(head);
        m.vcpus().forEach((n, v) -> {
            List<String> line = new ArrayList<>(List.of(INDENT + n, Long.toString(v.exits()),
                duration(v.exitCostNs())));
            causes.forEach(c -> line.add(Long.toString(v.exitsByCause().get(c))));
            lines.add(line);
        });
        columns(b, lines);
    }

    /** Lines of cells: the first column left-aligned, the others right-aligned, each as wide as its widest. */
    private static void columns(StringBuilder b, List<List<String>> lines) {
        int[] width = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder l = new StringBuilder(pad(line.get(0), width[0]));
            for (int i = 1; i < line.size(); i++) {
                l.append("  ").append(leftPad(line.get(i), width[i]));
            }
            b.append(l).append('\n');
        }
    }

    private static void latencyRows(StringBuilder b, RunMetrics m) {
        latencyLine(b, "latency", "samples", "min", "median", "p99", "max");
        latencyRow(b, INDENT + "assert-to-handler", m.assertToHandler());
        perDeviceLatency(b, m, d -> d.assertToHandler());
        latencyRow(b, INDENT + "assert-to-ack", m.assertToAck());
        perDeviceLatency(b, m, d -> d.assertToAck());
    }

    private static void perDeviceLatency(StringBuilder b, RunMetrics m,
                                         java.util.function.Function<DeviceMetrics, Optional<LatencySummary>> of) {
        if (m.devices().size() > 1) {
            m.devices().forEach((name, d) -> latencyRow(b, INDENT + INDENT + name, of.apply(d)));
        }
    }

    private static void latencyRow(StringBuilder b, String label, Optional<LatencySummary> summary) {
        if (summary.isEmpty()) {
            latencyLine(b, label, "0", "-", "-", "-", "-");
            return;
        }
        LatencySummary s = summary.get();
        latencyLine(b, label, Long.toString(s.samples()), duration(s.min()), duration(s.median()), duration(s.p99()),
            duration(s.max()));
    }

    /** One latency line: {@code %-26s %8s %9s %9s %9s %9s}, without a formatter. */
    private static void latencyLine(StringBuilder b, String label, String samples, String min, String median,
                                    String p99, String max) {
        b.append(pad(label, 26)).append(' ').append(leftPad(samples, 8));
        for (String v : new String[] {min, median, p99, max}) {
            b.append(' ').append(leftPad(v, 9));
        }
        b.append('\n');
    }

    /**
     * Nanoseconds with a unit and three significant digits: 850ns, 12.3us, 1.25ms, 2.00s. The digits
     * are those {@code String.format(Locale.ROOT, "%.Nf", ns / 1e3^k)} gives (round half up), computed
     * in integers: a run that prints this table need not start the JDK's locale and formatter
     * machinery for it. At a tie the double is exact (the quotient of an integer ending in 5), so
     * the exact rational rounds as the formatter rounds the double.
     */
    public static String duration(long ns) {
        if (Math.abs(ns) < 1_000) {
            return ns + "ns";
        }
        long a = Math.abs(ns);
        // the unit: us, then ms and s while the value would show as 999.5 or more
        String unit = "us";
        long scale = 1_000;
        if (a >= 999_500) {
            unit = "ms";
            scale = 1_000_000;
            if (a >= 999_500_000) {
                unit = "s";
                scale = 1_000_000_000;
            }
        }
        // decimals: 0 from 99.95, 1 from 9.995, else 2; round half up at the last one
        int decimals = a >= scale / 20 * 1999 ? 0 : a >= scale / 200 * 1999 ? 1 : 2;
        long step = scale / (decimals == 0 ? 1 : decimals == 1 ? 10 : 100);
        long q = a / step + (2 * (a % step) >= step ? 1 : 0);
        StringBuilder b = new StringBuilder(12);
        if (ns < 0) {
            b.append('-');
        }
        if (decimals == 0) {
            b.append(q);
        } else {
            long unitDigits = decimals == 1 ? 10 : 100;
            long fraction = q % unitDigits;
            b.append(q / unitDigits).append('.');
            if (decimals == 2 && fraction < 10) {
                b.append('0');
            }
            b.append(fraction);
        }
        return b.append(unit).toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** One counter line: the metric it shows, its label (indented for breakdowns) and value. */
    private record Row(String metric, String label, String value) {
    }
}
