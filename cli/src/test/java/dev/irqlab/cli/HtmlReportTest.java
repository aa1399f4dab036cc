package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code run --html}: the main scenario's report parsed with an HTML5 parser (jsoup), its structure
 * and every number checked against the result JSON of the same run.
 */
class HtmlReportTest {

    private static final Path MAIN = Path.of(System.getProperty("basedir", "."), "..", "scenarios",
            "elan-i2c-invalid-report-arm64-gicv3.yaml");

    @TempDir
    static Path dir;

    static byte[] html;
    static Document doc;
    static Map<?, ?> result;

    @BeforeAll
    static void runMainScenario() throws IOException {
        Path h = dir.resolve("report.html");
        Path json = dir.resolve("result.json");
        Cli r = Cli.irqlab("run", MAIN.toString(), "--html", h.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.transcript());
        html = Files.readAllBytes(h);
        doc = Jsoup.parse(new String(html, StandardCharsets.UTF_8));
        result = assertInstanceOf(Map.class, new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(json)));
    }

    private static Map<?, ?> metrics() {
        return assertInstanceOf(Map.class, result.get("metrics"));
    }

    @Test
    @DisplayName("the page has the scenario header, result, devices, kernel log and timeline sections")
    void structure() {
        assertEquals("irqlab: " + result.get("scenario"), doc.title());
        for (String id : List.of("scenario", "result", "devices", "log", "timeline")) {
            assertNotNull(doc.getElementById(id), id);
        }
        Element header = doc.getElementById("scenario");
        assertEquals(String.valueOf(result.get("seed")), header.selectFirst("tr[data-key=seed] td").text());
        assertTrue(header.selectFirst("tr[data-key=platform] td").text().startsWith("gicv3 host, vgic-v3 in kvm"));
        assertEquals("none", header.selectFirst("tr[data-key=fix] td").text());
        assertNotNull(header.selectFirst("tr[data-key=kernel versions]"));
    }

    @Test
    @DisplayName("every metric and expectation of the result table is the result JSON's")
    void resultTableMatchesJson() {
        Elements rows = doc.select("#result tbody tr[data-metric]");
        long totals = metrics().keySet().stream().map(String::valueOf)
                .filter(k -> !k.startsWith("device.") && !k.startsWith("vcpu.")).count();
        assertEquals(totals, rows.size(), "the totals; each device's and vCPU's are in #devices");
        for (Element row : rows) {
            String metric = row.attr("data-metric");
            assertEquals(String.valueOf(metrics().get(metric)), row.child(1).text(), metric);
        }
        List<?> expectations = assertInstanceOf(List.class, result.get("expectations"));
        assertEquals(expectations.size(), doc.select("#result tr.pass, #result tr.fail").size());
        for (Object o : expectations) {
            Map<?, ?> e = assertInstanceOf(Map.class, o);
            Element row = doc.selectFirst("#result tr[data-metric=" + e.get("metric") + "]");
            assertEquals(Boolean.TRUE.equals(e.get("passed")) ? "PASS" : "FAIL", row.child(3).text());
        }
        assertEquals("verdict: PASS (" + expectations.size() + " expectations met)", doc.getElementById("verdict").text());
    }

    @Test
    @DisplayName("the device table and the vCPU table show each device's and vCPU's metrics from the JSON")
    void deviceTables() {
        Elements tables = doc.select("#devices table.device");
        assertEquals(1, tables.size());
        Elements cells = doc.select("#devices [data-metric]");
        long deviceMetrics = metrics().keySet().stream().map(String::valueOf).filter(k -> k.startsWith("device."))
                .count();
        assertEquals(18, deviceMetrics, "8 counters, 5 + 5 latency statistics");
        List<String> columns = doc.select("#devices table.vcpus thead th").eachText();
        // elan_i2c on arm64: MMIO, EOI maintenance and the idle guest's trapped WFI
        assertEquals(List.of("vCPU", "exits", "exit-cost-ns", "exits.mmio", "exits.maintenance", "exits.idle"),
                columns, "exits, their cost and each cause that happened");
        assertEquals(deviceMetrics + columns.size() - 1, cells.size(), "every device metric, one vCPU's columns");
        for (Element m : cells) {
            Element value = m.tagName().equals("td") ? m : m.selectFirst("td");
            assertEquals(String.valueOf(metrics().get(m.attr("data-metric"))), value.text(), m.attr("data-metric"));
        }
        assertEquals(String.valueOf(metrics().get("spurious")),
                tables.select("tr[data-metric=device.touchpad.spurious] td").text(), "one device: its count is the total");
    }

    @Test
    @DisplayName("the kernel log holds each invalid-report message the metrics count")
    void kernelLog() {
        String log = doc.selectFirst("#log pre").text();
        long lines = log.lines().filter(l -> l.matches("guest \\[ *\\d+\\.\\d{6}\\] .*invalid report id data.*")).count();
        assertEquals(((Number) metrics().get("messages.elan_i2c.invalid_report")).longValue(), lines);
    }

    @Test
    @DisplayName("the timeline counts a round trip per device event, an anomalous one per spurious interrupt, "
            + "and draws each spurious re-injection's chain over eight lanes")
    void timeline() {
        Element trips = doc.getElementById("trips");
        assertEquals(String.valueOf(metrics().get("device-events")), trips.attr("data-total"));
        assertEquals(String.valueOf(metrics().get("spurious")), trips.attr("data-anomalous"));
        Elements figures = doc.select("figure.roundtrip");
        assertFalse(figures.isEmpty());
        for (Element f : figures) {
            assertEquals(8, f.select("svg g.lane").size(), f.id());
        }
        Elements anomalous = doc.select("figure.roundtrip.anomalous");
        assertEquals(((Number) metrics().get("spurious")).intValue(), anomalous.size(), "at most 50 are shown");
        for (Element f : anomalous) {
            Elements steps = f.select("ol.chain li");
            assertTrue(steps.size() >= 3, f.id() + ": " + steps);
            assertTrue(steps.last().text().startsWith("found nothing"), steps.last().text());
            assertNotNull(f.selectFirst("svg path.chain"), f.id());
            assertNotNull(f.selectFirst("svg circle.spurious"), f.id());
        }
    }

    @Test
    @DisplayName("each spurious re-injection's chain is the real one: guest EOI, resample, host unmask, re-fire, "
            + "the injection raising line_level, the guest flow that woke the thread, the thread finding nothing")
    void causalChainOfTheMainScenario() {
        for (Element f : doc.select("figure.roundtrip.anomalous")) {
            List<String> steps = f.select("ol.chain li").eachText();
            assertEquals(List.of("guest EOI", "resample", "host unmask", "re-fire", "stale injection", "guest flow",
                    "found nothing"), steps.stream().map(s -> s.substring(0, s.indexOf(':'))).toList(), f.id());
            // the guest's flow ends 12 us in (its handler returns after its chip calls, the mask's exits
            // and 2 us), the host re-fires 1 us after the unmask and its handler injects when it returns
            assertChainStep(steps.get(0), "+12us vm0.vgic-v3 ", "lr active→invalid (ICC_EOIR1_EL1 write (vcpu0))");
            assertChainStep(steps.get(1), "+12us vfio.touchpad.unmask ", "count 0→1 (eventfd_signal)");
            assertChainStep(steps.get(2), "+12us vfio.touchpad ", "masked 1→0 (vfio_platform_unmask)");
            assertChainStep(steps.get(3), "+13us host.gicv3 ", "active 0→1 (ICC_IAR1_EL1 read)");
            assertChainStep(steps.get(4), "+15us vm0.vgic-v3 ", "line_level 0→1 (kvm_vgic_inject_irq level 1)");
            assertChainStep(steps.get(5), "+541us guest ", "fasteoi irq 1: HANDLED");
            assertChainStep(steps.get(6), "+1061us guest ", "elan_i2c on irq 1: nothing to serve (spurious)");
        }
    }

    private static void assertChainStep(String step, String where, String what) {
        assertTrue(step.contains(": " + where) && step.endsWith(what), step + " is not at " + where + "... " + what);
    }

    @Test
    @DisplayName("the time axis has a tick at 0 and at each decade from 1 us, evenly spaced, so a chain's "
            + "microsecond steps are not squeezed into the left edge of a millisecond round trip")
    void logarithmicTimeAxis() {
        for (Element f : doc.select("figure.roundtrip")) {
            Elements ticks = f.select("svg g.axis text");
            assertTrue(ticks.size() >= 4, f.id() + ": " + ticks);
            assertEquals("0", ticks.get(0).attr("data-ns"));
            List<Integer> xs = ticks.stream().map(t -> Integer.parseInt(t.attr("x"))).toList();
            for (int i = 1; i < ticks.size(); i++) {
                assertEquals(String.valueOf((long) Math.pow(10, i + 2)), ticks.get(i).attr("data-ns"), f.id());
                assertTrue(xs.get(i) > xs.get(i - 1), f.id() + ": " + xs);
            }
            assertTrue(xs.get(1) - xs.get(0) >= 40, "the first microsecond is not squeezed: " + xs);
            for (int i = 4; i < xs.size(); i++) {
                int decade = xs.get(i) - xs.get(i - 1);
                int before = xs.get(i - 1) - xs.get(i - 2);
                assertTrue(Math.abs(decade - before) <= before / 10, "decades from 10 us about even: " + xs);
            }
        }
        for (Element f : doc.select("figure.roundtrip.anomalous")) {
            List<Integer> chain = f.select("svg circle.chain").stream().map(c -> Integer.parseInt(c.attr("cx")))
                    .sorted().toList();
            assertTrue(chain.get(chain.size() - 1) - chain.get(0) > 820 / 4,
                    f.id() + ": the chain spreads over the plot: " + chain);
            assertEquals(Integer.parseInt(f.selectFirst("svg g.axis text").attr("x")), chain.get(0),
                    f.id() + ": the axis zooms on the chain: its origin is the chain's first step");
        }
    }

    @Test
    @DisplayName("the page is self-contained: no script, stylesheet link, image, frame or URL")
    void selfContained() {
        assertTrue(doc.select("script, link, img, iframe, object, embed, [src], [href^=http]").isEmpty());
        String text = new String(html, StandardCharsets.UTF_8);
        assertFalse(text.contains("http:") || text.contains("https:") || text.contains("@import")
                || text.contains("url("), "no reference outside the file");
    }

    @Test
    @DisplayName("the same run writes a byte-identical page")
    void deterministic() throws IOException {
        Path again = dir.resolve("again.html");
        assertEquals(0, Cli.irqlab("run", MAIN.toString(), "--html", again.toString()).status());
        assertArrayEquals(html, Files.readAllBytes(again));
    }
}
