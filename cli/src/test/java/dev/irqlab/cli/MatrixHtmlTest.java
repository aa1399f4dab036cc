package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.runtime.scenario.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code matrix --html}: the matrix page parsed with jsoup, each row against the matrix JSON of the same run. */
class MatrixHtmlTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("matrix --html has a row per combination, coloured by verdict, with the JSON's numbers")
    void rowsMatchTheJsonAndAreColouredByVerdict() throws IOException {
        Path html = dir.resolve("m.html");
        Path json = dir.resolve("m.json");
        Cli r = Cli.irqlab("matrix", "--events", "2", "--html", html.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.transcript());
        Document doc = Jsoup.parse(Files.readString(html));
        List<?> rows = assertInstanceOf(List.class, ((Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(json))).get("rows"));
        List<Element> trs = doc.select("table.matrix tbody tr");
        assertEquals(rows.size(), trs.size());
        int seen = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> row = (Map<?, ?>) rows.get(i);
            Element tr = trs.get(i);
            // the JSON names a row's forwarder only when it is not the scenario default
            Object forwarder = row.containsKey("forwarder") ? row.get("forwarder") : Platform.DEFAULT_FORWARDER;
            assertEquals(forwarder + "/" + row.get("controller") + "/" + row.get("variant") + "/" + row.get("flow"),
                    tr.attr("data-forwarder") + "/" + tr.attr("data-controller") + "/" + tr.attr("data-variant") + "/"
                            + tr.attr("data-flow"));
            // and its VMM only when the scenario names one (QEMU's first preset is what it runs by default)
            Map<?, ?> vmm = (Map<?, ?>) row.get("vmm");
            assertEquals(vmm == null ? "qemu-kernel" : vmm.get("name") + "-" + vmm.get("preset"), tr.attr("data-vmm"));
            assertEquals(vmm == null ? "qemu" : vmm.get("name"), tr.child(0).text().split(" ")[0]);
            assertEquals(forwarder, tr.child(1).text());
            String verdict = tr.attr("data-verdict");
            assertEquals(verdict, tr.child(tr.childrenSize() - 1).text());
            if (!Boolean.TRUE.equals(row.get("available"))) {
                assertEquals("n/a", verdict);
                assertTrue(tr.hasClass("na") && tr.child(5).text().startsWith("n/a: "), tr.outerHtml());
                continue;
            }
            Map<?, ?> m = (Map<?, ?>) row.get("metrics");
            long spurious = ((Number) m.get("spurious")).longValue();
            long lost = ((Number) m.get("lost")).longValue() + ((Number) m.get("double-served")).longValue();
            assertEquals(lost > 0 ? "lost" : spurious > 0 ? "spurious" : "ok", verdict, tr.outerHtml());
            assertTrue(tr.hasClass(verdict));
            assertEquals(String.valueOf(m.get("delivered")), tr.child(6).text());
            assertEquals(String.valueOf(spurious), tr.child(7).text());
            seen++;
        }
        assertTrue(seen > 10, "measured rows: " + seen);
        assertFalse(doc.select("tr.spurious").isEmpty(), "an unfixed ONESHOT row is spurious");
        assertFalse(doc.select("tr.ok").isEmpty(), "a fixed row is ok");
        assertFalse(doc.select("tr.lost[data-vmm=crosvm-split]").isEmpty(), "crosvm's split irqchip loses INTx");
        assertTrue(doc.select("script, link, img, [src], [href^=http]").isEmpty(), "self-contained");
    }
}
