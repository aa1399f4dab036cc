package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.metrics.LatencySummary;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.SummaryTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The matrix as fixed-width plain-ASCII text: a heading with the workload, a legend, one line per
 * row. A combination that does not exist shows {@code n/a} and the runtime's reason in place of its
 * numbers.
 */
public final class MatrixTable {

    /** The column names, in order. */
    public static final List<String> HEADER = List.of("controller", "variant", "flow", "events", "delivered",
            "spurious", "lost", "host-lazy", "ack-median", "ack-p99", "exits/event");
    /** Columns 3..9 hold numbers and are right-aligned. */
    private static final int FIRST_NUMBER = 3;
    private static final int LAST_NUMBER = 9;

    private MatrixTable() {
    }

    /**
     * The table (lines end with {@code \n}): the default VMM's and forwarder's rows first, under the
     * heading and legend; then, for each further forwarder, a line naming it and its own table of rows
     * (its own column widths), so that the first table reads as it did before there were several; then
     * the same for each further VMM preset, under a line naming the VMM, what the preset sets, and the
     * forwarder, with only the rows that ran: a VMM with its own IO-APIC has none of the fixes of KVM's
     * (the runtime refuses them), and its tables would be mostly n/a; a line counts the rows left out.
     */
    public static String render(MatrixSettings settings, List<RowResult> results) {
        Map<List<Object>, List<RowResult>> groups = new LinkedHashMap<>();
        for (RowResult r : results) {
            groups.computeIfAbsent(List.of(r.row().vmm(), r.row().forwarder()), g -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "irqlab matrix: %d device events per row, one every %s from %s, seed %d%n",
                settings.events(), duration(settings.periodNs()), duration(settings.startNs()), settings.seed()));
        b.append("delivered = guest handler runs; spurious = guest handler runs that found nothing to do;\n");
        b.append("lost = device events never served; host-lazy = host interrupts that hit a lazily disabled line;\n");
        b.append("ack = latency device assert -> device acknowledged; exits/event = VM exits per device event by cause\n");
        String firstForwarder = results.isEmpty() ? "" : results.get(0).row().forwarder();
        boolean first = true;
        for (List<RowResult> group : groups.values()) {
            MatrixRow row = group.get(0).row();
            if (!row.vmm().scenarioDefault()) {
                b.append('\n').append("vmm ").append(row.vmm().label()).append(", forwarder ").append(row.forwarder())
                        .append('\n');
                List<RowResult> measured = group.stream().filter(RowResult.Measured.class::isInstance).toList();
                if (!measured.isEmpty()) {
                    table(b, measured);
                }
                if (measured.size() < group.size()) {
                    b.append(String.format(Locale.ROOT, "not shown: %d of %d combinations, which the plugins refuse "
                            + "(--json gives each with its reason)%n", group.size() - measured.size(), group.size()));
                }
                first = false;
                continue;
            } else if (!first || !row.defaultForwarder()) {
                b.append('\n').append("forwarder ").append(row.forwarder()).append(first ? ""
                        : " (the rows above: " + firstForwarder + ")").append('\n');
            }
            table(b, group);
            first = false;
        }
        return b.toString();
    }

    /** One forwarder's rows: rule, header, rule, rows, rule, and the releases its rows' models follow. */
    private static void table(StringBuilder b, List<RowResult> results) {
        List<List<String>> cells = new ArrayList<>();
        for (RowResult r : results) {
            cells.add(cells(r));
        }
        int[] width = new int[HEADER.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = HEADER.get(i).length();
        }
        for (List<String> row : cells) {
            int n = row.size() == HEADER.size() ? row.size() : FIRST_NUMBER;
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        String header = line(HEADER, width);
        String rule = "-".repeat(header.length());
        b.append(rule).append('\n').append(header).append('\n').append(rule).append('\n');
        for (List<String> row : cells) {
            b.append(line(row, width)).append('\n');
        }
        b.append(rule).append('\n');
        Set<String> versions = new LinkedHashSet<>();
        for (RowResult r : results) {
            if (r instanceof RowResult.Measured m && !m.versions().isEmpty()) {
                List<String> parts = new ArrayList<>();
                m.versions().forEach((model, release) -> parts.add(model + " " + release));
                versions.add(r.row().controller() + " rows: " + String.join(", ", parts));
            }
        }
        for (String v : versions) {
            b.append("versions, ").append(v).append('\n');
        }
    }

    /**
     * A row's cells as the table shows them: controller, variant, flow, then either the numbers of
     * {@link #HEADER} or one cell {@code n/a: <reason>}.
     */
    public static List<String> cells(RowResult r) {
        MatrixRow row = r.row();
        List<String> c = new ArrayList<>(List.of(row.controller(), row.variant().label(), row.flow().label()));
        if (r instanceof RowResult.NotAvailable na) {
            c.add("n/a: " + na.reason());
        } else if (r instanceof RowResult.Measured m) {
            RunMetrics x = m.metrics();
            c.add(Long.toString(x.deviceEvents()));
            c.add(Long.toString(x.delivered()));
            c.add(Long.toString(x.spurious()));
            c.add(Long.toString(x.lost()));
            c.add(Long.toString(x.hostLazyDisableHits()));
            c.add(latency(x.assertToAck(), LatencySummary::median));
            c.add(latency(x.assertToAck(), LatencySummary::p99));
            c.add(exitsPerEvent(x));
        }
        return c;
    }

    /**
     * {@code mmio 4.0, maintenance 2.0}: each exit cause that occurred, per device event; {@code 0}
     * when none. The guest kernel's boot-time controller initialisation ({@code init_IRQ}: a GIC's
     * {@code gic_dist_init}, hundreds of exits) is left out; exits of the set-up (the guest driver's
     * probe programming the controller) count, so a flow without run-time exits of a cause shows a
     * small fraction such as {@code mmio 0.01}.
     */
    public static String exitsPerEvent(RunMetrics m) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : m.exitsAfterBootByCause().entrySet()) {
            if (e.getValue() > 0) {
                parts.add(m.deviceEvents() == 0 ? e.getKey() + " " + e.getValue() + " (no events)"
                        : e.getKey() + " " + perEvent(e.getValue(), m.deviceEvents()));
            }
        }
        return parts.isEmpty() ? "0" : String.join(", ", parts);
    }

    /**
     * A ratio with two decimals, trailing zeros dropped down to one: {@code 4.0}, {@code 2.5},
     * {@code 0.01} (the probe's few exits spread over the events stay visible).
     */
    static String perEvent(long count, long events) {
        String s = String.format(Locale.ROOT, "%.2f", (double) count / events);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    private static String latency(Optional<LatencySummary> s, ToLongFunction<LatencySummary> stat) {
        return s.map(l -> duration(stat.applyAsLong(l))).orElse("-");
    }

    private static String line(List<String> row, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            boolean last = i == row.size() - 1;
            String v = row.get(i);
            if (i >= FIRST_NUMBER && i <= LAST_NUMBER && row.size() == HEADER.size()) {
                b.append(" ".repeat(Math.max(0, width[i] - v.length()))).append(v);
            } else {
                b.append(v);
                if (!last) {
                    b.append(" ".repeat(Math.max(0, width[i] - v.length())));
                }
            }
        }
        return b.toString();
    }

    /** Nanoseconds with a unit and three significant digits, as the run's summary table shows them. */
    static String duration(long ns) {
        return SummaryTable.duration(ns);
    }
}
