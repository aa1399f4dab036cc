package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The duration syntax of scenario files and a few loader edge cases around text and positions. */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({"0ns, 0", "7ns, 7", "500us, 500000", "3µs, 3000", "3μs, 3000", "2ms, 2000000", "1s, 1000000000",
            "9223372036854775807ns, 9223372036854775807", "9223372036s, 9223372036000000000"})
    @DisplayName("a whole number and a unit become nanoseconds (µ as micro sign or Greek mu)")
    void parsesUnits(String text, long ns) {
        assertEquals(new Durations.Parsed(ns, null), Durations.parse(text));
    }

    @Test
    @DisplayName("the largest duration plus one nanosecond overflows and is refused")
    void overflow() {
        assertEquals("found '9223372036854775808ns', more than the largest duration 9223372036854775807ns",
                Durations.parse("9223372036854775808ns").error());
        assertEquals("found '9223372037s', more than the largest duration 9223372036854775807ns",
                Durations.parse("9223372037s").error());
    }

    @Test
    @DisplayName("units are case-sensitive: MS is not a unit")
    void caseSensitiveUnits() {
        assertEquals("found '5MS', unknown unit 'MS'; allowed units: ns, us, µs, ms, s", Durations.parse("5MS").error());
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"0, 0ns", "999, 999ns", "1000, 1us", "1500000, 1500us", "2000000, 2ms", "3000000000, 3s"})
    @DisplayName("limits in messages use the largest exact unit")
    void formats(long ns, String text) {
        assertEquals(text, Durations.format(ns));
    }

    @Test
    @DisplayName("a file that is not UTF-8 is one problem at 1:1 naming the path")
    void notUtf8() {
        Path latin1 = Resources.path("bad/latin1.yaml");
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioLoader().load(latin1, new FixedCatalog()));
        assertEquals(List.of(new Problem(latin1.toString(), 1, 1, "", "not UTF-8 text")), e.problems());
    }

    @Test
    @DisplayName("CRLF line endings count as one line break for positions")
    void crlfPositions() {
        String text = Resources.text("bad/unknown-root-key.yaml").replace("\n", "\r\n");
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioLoader().load("crlf.yaml", text, new FixedCatalog()));
        assertEquals(2, e.problems().get(0).line());
        assertEquals(1, e.problems().get(0).column());
    }

    @Test
    @DisplayName("anchors and aliases are resolved: a device may reuse an anchored driver mapping")
    void aliases() {
        String text = Resources.text("good/minimal.yaml").replace("driver: {name: level-fasteoi, flow: level}",
                "driver: &drv {name: level-fasteoi, flow: level}")
                + "  - name: dev1\n    model: level-status\n    interrupt: {line: 4, trigger: level-high}\n"
                + "    driver: *drv\n";
        Scenario s = new ScenarioLoader().load("alias.yaml", text, new FixedCatalog());
        DriverSpec first = s.devices().get(0).driver();
        DriverSpec second = s.devices().get(1).driver();
        // Config.of has identity equality, so compare the parts.
        assertEquals(List.of(first.name(), first.flow(), first.config().values()),
                List.of(second.name(), second.flow(), second.config().values()));
        assertEquals("dev1", s.devices().get(1).name());
    }
}
