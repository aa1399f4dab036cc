package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits apply before reading: special files, oversized files and endless streams are refused
 * without reading them whole, an overlong line before parsing; long timestamp lists come from a file.
 */
class InputLimitsTest {

    private static final String SCENARIO = """
            name: limits
            run: {duration: 10ms}
            platform: {controller: gicv3}
            devices:
              - name: pad
                model: elan-i2c
                interrupt: {line: 8, trigger: level-high}
                driver: {name: elan_i2c, flow: oneshot-threaded}
                workload: WORKLOAD
            """;

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FixedCatalog catalog = new FixedCatalog();

    @TempDir
    Path dir;

    private Problem only(Runnable load) {
        ScenarioException e = assertThrows(ScenarioException.class, load::run);
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    @DisplayName("nesting deeper than the limit is one problem at the first collection too deep, however deep")
    void deepNesting() {
        // description: [[[...]]]: the outer mapping is level 1, so MAX_DEPTH - 1 sequences reach the limit
        String atLimit = "name: deep\ndescription: " + "[".repeat(ScenarioLoader.MAX_DEPTH - 1)
                + "]".repeat(ScenarioLoader.MAX_DEPTH - 1) + "\n";
        String tooDeep = "name: deep\ndescription: " + "[".repeat(ScenarioLoader.MAX_DEPTH) + "]".repeat(
                ScenarioLoader.MAX_DEPTH) + "\n";
        // 200,000 levels, one per line (a line above MAX_LINE would be refused before parsing)
        String hostile = "name: deep\ndescription:" + "\n [".repeat(200_000) + "\n ]".repeat(200_000) + "\n";

        ScenarioException limit = assertThrows(ScenarioException.class, () -> loader.load("at.yaml", atLimit, catalog));
        assertTrue(limit.problems().stream().noneMatch(p -> p.message().startsWith("nesting deeper")), limit.getMessage());
        assertEquals("deep.yaml:2:" + (13 + ScenarioLoader.MAX_DEPTH) + ": nesting deeper than "
                + ScenarioLoader.MAX_DEPTH + " levels", only(() -> loader.load("deep.yaml", tooDeep, catalog)).toString());
        assertEquals("hostile.yaml:" + (2 + ScenarioLoader.MAX_DEPTH) + ":2: nesting deeper than "
                + ScenarioLoader.MAX_DEPTH + " levels", only(() -> loader.load("hostile.yaml", hostile, catalog)).toString());
    }

    @Test
    @DisplayName("/dev/zero and a directory are refused without reading")
    void specialFiles() {
        Problem zero = only(() -> loader.load(Path.of("/dev/zero"), catalog));
        Problem directory = only(() -> loader.load(dir, catalog));

        assertEquals("/dev/zero:1:1: is not a regular file (a device, FIFO or socket); give a scenario file, "
                + "or - for standard input", zero.toString());
        assertTrue(directory.message().startsWith("is a directory"), directory.toString());
    }

    @Test
    @DisplayName("a file above the size limit is refused by its size, before reading")
    void oversizedFile() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), 98L << 20); // a 98 MB sparse file
        }

        Problem p = only(() -> loader.load(big, catalog));

        assertTrue(p.message().startsWith("the scenario is " + ((98L << 20) + 1) + " bytes, above the limit of "
                + ScenarioLoader.MAX_BYTES), p.toString());
    }

    @Test
    @DisplayName("an endless stream is refused after the limit, never read whole")
    void endlessStream() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                return len;
            }
        };

        Problem p = only(() -> loader.load("<stdin>", endless, catalog));

        assertTrue(p.toString().startsWith("<stdin>:1:1: the scenario is more than " + ScenarioLoader.MAX_BYTES),
                p.toString());
    }

    @Test
    @DisplayName("a line longer than the limit is a problem at its position; nothing is parsed")
    void longLine() {
        String text = SCENARIO.replace("WORKLOAD", "{period: 1ms, count: 1}") + "description: "
                + "x".repeat(3 * ScenarioLoader.MAX_LINE) + "\n";

        Problem p = only(() -> loader.load("long.yaml", text, catalog));

        assertEquals(10, p.line());
        assertEquals(ScenarioLoader.MAX_LINE + 1, p.column());
        assertTrue(p.message().contains("above the limit of " + ScenarioLoader.MAX_LINE), p.toString());
    }

    @Test
    @DisplayName("workload.file replays timestamps (one per line or CSV, header and comments skipped)")
    void timestampFile() throws IOException {
        Files.writeString(dir.resolve("times.csv"), "time,source\n# from a trace\n1500us,a\n\n2000000,b\n3ms,c\n");
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO.replace("WORKLOAD", "{file: times.csv}"));

        Scenario s = loader.load(scenario, catalog);

        assertEquals(new Workload.AtTimes(List.of(1_500_000L, 2_000_000L, 3_000_000L), 0), s.devices().get(0).workload());
    }

    @Test
    @DisplayName("a bad time in a timestamp file is reported at its own file, line and column")
    void badTimestamp() throws IOException {
        Files.writeString(dir.resolve("times.txt"), "1ms\n  2 ms\n3ms\n");
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO.replace("WORKLOAD", "{file: times.txt}"));
        Path missing = Files.writeString(dir.resolve("m.yaml"), SCENARIO.replace("WORKLOAD", "{file: nope.txt}"));

        Problem bad = only(() -> loader.load(scenario, catalog));
        Problem none = only(() -> loader.load(missing, catalog));

        assertEquals(dir.resolve("times.txt") + ":2:3: found '2 ms', expected a time: a duration with a unit (1500us) "
                + "or whole nanoseconds", bad.toString());
        assertEquals("devices[0].workload.file", none.key());
        assertEquals("cannot read 'nope.txt': No such file or directory", none.message().replace(dir + "/", ""));
    }

    @Test
    @DisplayName("more inline times than the limit are refused, pointing at workload.file")
    void inlineLimit() {
        StringBuilder times = new StringBuilder("{at: [");
        for (int i = 0; i <= DeviceReader.MAX_INLINE_TIMES; i++) {
            times.append(i == 0 ? "" : ",").append(i % 40 == 0 ? "\n    " : "").append(i).append("us");
        }
        String text = SCENARIO.replace("WORKLOAD", times + "]}");

        Problem p = only(() -> loader.load("many.yaml", text, catalog));

        assertInstanceOf(String.class, p.message());
        assertTrue(p.message().contains("above the limit of " + DeviceReader.MAX_INLINE_TIMES)
                && p.message().contains("workload.file"), p.toString());
    }
}
