package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.output.JsonWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The matrix as JSON: the workload, then one object per row with its controller, variant and flow,
 * and either {@code "available": true} with every metric of the run ({@code RunMetrics.values()}
 * names) or {@code "available": false} with the runtime's reason.
 */
public final class MatrixJson {

    private MatrixJson() {
    }

    public static void write(MatrixSettings settings, List<RowResult> results, Writer out) {
        JsonWriter w = JsonWriter.pretty(out);
        w.beginObject();
        w.name("workload").beginObject()
                .name("events").value(settings.events())
                .name("start-ns").value(settings.startNs())
                .name("period-ns").value(settings.periodNs())
                .name("drain-ns").value(settings.drainNs())
                .name("seed").value(settings.seed())
                .endObject();
        w.name("rows").beginArray();
        for (RowResult r : results) {
            w.beginObject()
                    .name("controller").value(r.row().controller())
                    .name("variant").value(r.row().variant().label())
                    .name("flow").value(r.row().flow().label());
            if (r instanceof RowResult.Measured m) {
                w.name("available").value(true);
                w.name("versions").beginObject();
                for (Map.Entry<String, String> v : m.versions().entrySet()) {
                    w.name(v.getKey()).value(v.getValue());
                }
                w.endObject();
                w.name("exits-per-event").value(MatrixTable.exitsPerEvent(m.metrics()));
                w.name("metrics").beginObject();
                for (Map.Entry<String, Long> e : m.metrics().values().entrySet()) {
                    w.name(e.getKey()).value(e.getValue().longValue());
                }
                w.endObject();
            } else if (r instanceof RowResult.NotAvailable na) {
                w.name("available").value(false);
                w.name("reason").value(na.reason());
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
        w.flush();
    }
}
