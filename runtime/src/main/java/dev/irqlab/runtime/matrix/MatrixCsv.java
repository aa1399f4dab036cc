package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.output.Csv;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matrix as CSV ({@link Csv}), one record per row: {@code controller,variant,flow,available,reason},
 * then {@code exits-per-event.<cause>} for every exit cause (the numbers of the JSON's
 * {@code exits-per-event}), then every metric of the measured rows by name (first-seen order), then
 * {@code forwarder}. A
 * combination that does not exist has {@code available} false, its reason, and empty numbers.
 */
public final class MatrixCsv {

    private MatrixCsv() {
    }

    public static void write(List<RowResult> results, Writer out) {
        Set<String> causes = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (RowResult r : results) {
            if (r instanceof RowResult.Measured m) {
                causes.addAll(m.metrics().exitsAfterBootByCause().keySet());
                metrics.addAll(m.metrics().values().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("controller", "variant", "flow", "available", "reason"));
        causes.forEach(c -> header.add("exits-per-event." + c));
        header.addAll(metrics);
        header.add("forwarder");
        header.add("vmm");
        header.add("vmm-preset");
        Csv csv = new Csv(out);
        csv.record(header);
        for (RowResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.row().controller(), r.row().variant().label(),
                    r.row().flow().label()));
            if (r instanceof RowResult.Measured m) {
                row.add("true");
                row.add("");
                long events = m.metrics().deviceEvents();
                for (String c : causes) {
                    long n = m.metrics().exitsAfterBootByCause().getOrDefault(c, 0L);
                    row.add(events == 0 ? "" : MatrixJson.perEvent(n, events));
                }
                Map<String, Long> values = m.metrics().values();
                for (String k : metrics) {
                    Long v = values.get(k);
                    row.add(v == null ? "" : v.toString());
                }
            } else if (r instanceof RowResult.NotAvailable na) {
                row.add("false");
                row.add(na.reason());
                for (int i = 0; i < causes.size() + metrics.size(); i++) {
                    row.add("");
                }
            }
            row.add(r.row().forwarder());
            row.add(r.row().vmm().name());
            row.add(r.row().vmm().preset());
            csv.record(row);
        }
        csv.flush();
    }
}
