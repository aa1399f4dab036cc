package dev.irqlab.runtime.report;

import dev.irqlab.runtime.matrix.MatrixSettings;
import dev.irqlab.runtime.matrix.MatrixTable;
import dev.irqlab.runtime.matrix.RowResult;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.ToolVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code irqlab matrix --html FILE}: the matrix as one self-contained HTML page (inline CSS, no
 * script or link), the cells of {@link MatrixTable} in a table whose rows are coloured by verdict:
 * {@code ok} (every event served once, nothing spurious), {@code spurious} (a driver found nothing:
 * the stale re-injection), {@code lost} (an event never served or served twice), {@code n/a} (a
 * combination the models refuse, with their reason). The first columns are the row's VMM (with what
 * its preset sets) and forwarder. Each row carries its verdict and its VMM preset, forwarder,
 * controller, variant and flow as {@code data-} attributes.
 */
public final class MatrixHtml {

    private MatrixHtml() {
    }

    /** The verdict of a row: "ok", "spurious", "lost" or "n/a". */
    public static String verdict(RowResult r) {
        if (!(r instanceof RowResult.Measured m)) {
            return "n/a";
        }
        RunMetrics x = m.metrics();
        if (x.lost() > 0 || x.doubleServed() > 0) {
            return "lost";
        }
        return x.spurious() > 0 ? "spurious" : "ok";
    }

    /** Writes the page; does not close {@code out}. */
    public static void write(MatrixSettings settings, List<RowResult> results, Writer out) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>irqlab matrix</title>\n"
                + "<style>\n").raw(Style.CSS).raw(MATRIX_CSS).raw("</style>\n</head>\n<body>\n<h1>irqlab matrix</h1>\n");
        h.raw("<p id=\"workload\">").text(settings.events() + " device events per row, one every "
                + Html.duration(settings.periodNs()) + " from " + Html.duration(settings.startNs()) + ", seed "
                + settings.seed()).raw("</p>\n");
        h.raw("<p class=\"note\">").text("Verdict: ok = every event served once and nothing spurious; spurious = a "
                + "guest driver found nothing (the stale re-injection); lost = an event never served or served twice; "
                + "n/a = a combination the models refuse, with their reason.").raw("</p>\n");
        h.raw("<table class=\"matrix\">\n<thead><tr><th>vmm</th><th>forwarder</th>");
        for (String c : MatrixTable.HEADER) {
            h.raw("<th>").text(c).raw("</th>");
        }
        h.raw("<th>verdict</th></tr></thead>\n<tbody>\n");
        for (RowResult r : results) {
            String verdict = verdict(r);
            h.raw("<tr class=\"").raw(verdict.equals("n/a") ? "na" : verdict).raw("\" data-vmm=\"").attr(r.row().vmm().id()).raw("\" data-forwarder=\"").attr(r.row().forwarder()).raw("\" data-controller=\"")
                    .attr(r.row().controller()).raw("\" data-variant=\"").attr(r.row().variant().label())
                    .raw("\" data-flow=\"").attr(r.row().flow().label()).raw("\" data-verdict=\"").attr(verdict)
                    .raw("\"><td>").text(r.row().vmm().label()).raw("</td><td>").text(r.row().forwarder()).raw("</td>");
            List<String> cells = MatrixTable.cells(r);
            for (int i = 0; i < cells.size(); i++) {
                boolean last = i == cells.size() - 1;
                int span = last && cells.size() < MatrixTable.HEADER.size() ? MatrixTable.HEADER.size() - i : 1;
                h.raw(span > 1 ? "<td colspan=\"" + span + "\">" : "<td>").text(cells.get(i)).raw("</td>");
            }
            h.raw("<td>").text(verdict).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n<footer>irqlab ").text(ToolVersion.get()).raw("</footer>\n</body>\n</html>\n");
        try {
            out.write(h.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String MATRIX_CSS = """
            table.matrix td { font-family: monospace; font-size: 0.85em; }
            tr.ok td { background: #e3f4e1; } tr.spurious td { background: #fde7c8; }
            tr.lost td { background: #f9d0d5; } tr.na td { background: #eeeeee; color: #666; }
            """;
}
