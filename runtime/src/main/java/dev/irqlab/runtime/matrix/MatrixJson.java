package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.JsonWriter;
import dev.irqlab.runtime.output.ToolVersion;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The matrix as JSON: the workload, then one object per row with its VMM (name, preset and the
 * {@code vmm:} section its scenario writes, only when that names one: QEMU with its defaults is the
 * scenario default), its forwarder (only when it is not the scenario default, vfio-platform, so that
 * those rows read as before), controller, variant and flow,
 * and either {@code "available": true} with every metric of the run ({@code RunMetrics.values()}
 * names) or {@code "available": false} with the runtime's reason. {@code exits-per-event} is an
 * object with every exit cause ({@code ExitCause} labels, zero included) and its exits per device
 * event as a number (four decimals, exact ratio rounded half-even), or null when the row had no
 * device event. The format is described by {@code docs/schema/matrix.schema.json}
 * ({@code schema-version} {@link #SCHEMA_VERSION}).
 */
public final class MatrixJson {

    /** The version of this format; raised when a member changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    private MatrixJson() {
    }

    public static void write(MatrixSettings settings, List<RowResult> results, Writer out) {
        JsonWriter w = JsonWriter.pretty(out);
        w.beginObject();
        w.name("schema-version").value(SCHEMA_VERSION);
        w.name("tool-version").value(ToolVersion.get());
        w.name("workload").beginObject()
                .name("events").value(settings.events())
                .name("start-ns").value(settings.startNs())
                .name("period-ns").value(settings.periodNs())
                .name("drain-ns").value(settings.drainNs())
                .name("seed").value(settings.seed())
                .endObject();
        w.name("rows").beginArray();
        for (RowResult r : results) {
            w.beginObject();
            MatrixVmm vmm = r.row().vmm();
            if (!vmm.scenarioDefault()) {
                w.name("vmm").beginObject().name("name").value(vmm.name()).name("preset").value(vmm.preset())
                        .name("config").beginObject();
                vmm.config().forEach((k, v) -> w.name(k).value(v));
                w.endObject().endObject();
            }
            if (!r.row().defaultForwarder()) {
                w.name("forwarder").value(r.row().forwarder());
            }
            w.name("controller").value(r.row().controller())
                    .name("variant").value(r.row().variant().label())
                    .name("flow").value(r.row().flow().label());
            if (r instanceof RowResult.Measured m) {
                w.name("available").value(true);
                w.name("versions").beginObject();
                for (Map.Entry<String, String> v : m.versions().entrySet()) {
                    w.name(v.getKey()).value(v.getValue());
                }
                w.endObject();
                w.name("exits-per-event");
                exitsPerEvent(m.metrics(), w);
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

    private static void exitsPerEvent(RunMetrics m, JsonWriter w) {
        if (m.deviceEvents() == 0) {
            w.nullValue();
            return;
        }
        w.beginObject();
        for (Map.Entry<String, Long> e : m.exitsAfterBootByCause().entrySet()) {
            w.name(e.getKey()).rawNumber(perEvent(e.getValue(), m.deviceEvents()));
        }
        w.endObject();
    }

    /** {@code count / events} to four decimals (half-even), without trailing zeros: {@code 6.035}, {@code 2}. */
    static String perEvent(long count, long events) {
        BigDecimal r = BigDecimal.valueOf(count).divide(BigDecimal.valueOf(events), 4, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }
}
