package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --html FILE --html-trips FROM-TO}: stepping through a run's round trips window by window.
 * The scenario has 20 device events on one device and none of its round trips is anomalous, so the
 * page shows exactly the window's round trips, round trip N being event N's.
 */
class HtmlTripsTest {

    private static final Path SCENARIO = Path.of(System.getProperty("basedir", "."), "..", "scenarios",
            "elan-i2c-fixed-x86-ioapic-ack-pending.yaml");

    @TempDir
    Path dir;

    private Document page(String... trips) throws IOException {
        Path h = dir.resolve("report.html");
        List<String> args = new ArrayList<>(List.of("run", SCENARIO.toString(), "--html", h.toString()));
        args.addAll(List.of(trips));
        Cli r = Cli.irqlab(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.transcript());
        Document doc = Jsoup.parse(Files.readString(h));
        assertEquals("20", doc.getElementById("trips").attr("data-total"));
        assertEquals("0", doc.getElementById("trips").attr("data-anomalous"));
        return doc;
    }

    private static List<Integer> shown(Document doc) {
        List<Integer> numbers = new ArrayList<>();
        for (Element f : doc.select("figure.roundtrip")) {
            int n = Integer.parseInt(f.attr("data-number"));
            numbers.add(n);
            String first = f.selectFirst("ol.events li").text();
            assertTrue(first.endsWith("asserts its interrupt for event " + n), f.id() + ": " + first);
        }
        return numbers;
    }

    private static String step(Document doc, String which) {
        Element e = doc.selectFirst("#step code." + which);
        return e == null ? null : e.attr("data-window");
    }

    @Test
    @DisplayName("by default the first three round trips, and the next window to step to")
    void firstWindowByDefault() throws IOException {
        Document doc = page();
        assertEquals(List.of(1, 2, 3), shown(doc));
        assertEquals("1-3", doc.getElementById("trips").attr("data-window"));
        assertNull(step(doc, "previous"));
        assertEquals("4-6", step(doc, "next"));
    }

    @Test
    @DisplayName("--html-trips 5-8 shows round trips 5 to 8, with the windows before and after")
    void aWindowInTheMiddle() throws IOException {
        Document doc = page("--html-trips", "5-8");
        assertEquals(List.of(5, 6, 7, 8), shown(doc));
        assertEquals("1-4", step(doc, "previous"));
        assertEquals("9-12", step(doc, "next"));
        assertEquals("#rt-6", doc.selectFirst("#rt-5 .nav a").attr("href"));
    }

    @Test
    @DisplayName("the last window stops at the run's last round trip and offers no next one")
    void theLastWindow() throws IOException {
        Document doc = page("--html-trips", "19-25");
        assertEquals(List.of(19, 20), shown(doc));
        assertEquals("12-18", step(doc, "previous"));
        assertNull(step(doc, "next"));
        assertEquals(List.of(7), shown(page("--html-trips", "7")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-3", "5-2", "1-101", "x", "3-", "-1"})
    @DisplayName("a window out of range or malformed is refused with the allowed form, nothing written")
    void badWindowRefused(String window) {
        Path h = dir.resolve("bad.html");
        Cli r = Cli.irqlab("run", SCENARIO.toString(), "--html", h.toString(), "--html-trips=" + window);
        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("--html-trips: found '" + window + "', allowed: FROM-TO or N, round trips "
                + "numbered from 1, FROM <= TO < FROM + 100"), r.transcript());
        assertTrue(Files.notExists(h));
    }

    @Test
    @DisplayName("--html-trips without --html is refused")
    void needsHtml() {
        Cli r = Cli.irqlab("run", SCENARIO.toString(), "--html-trips", "2-4");
        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("--html-trips: needs --html FILE"), r.transcript());
    }
}
