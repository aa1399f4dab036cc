package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs never destroy anything: bad targets are refused before the run with the option named, and
 * a run that fails leaves earlier files as they were and no partial or temporary file.
 */
class OutputSafetyTest {

    private static final String EARLIER = "earlier good output\n";

    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @DisplayName("an output that is the scenario file is refused before the run; the scenario is unchanged")
    void outputEqualToInput() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);

        for (String option : List.of("--json", "--vcd", "--trace", "--chrome-trace")) {
            Cli r = Cli.irqlab("run", scenario.toString(), option, dir.resolve("./s.yaml").toString());

            assertEquals(2, r.status(), r.transcript());
            assertTrue(r.err().contains(option + ": '") && r.err().contains("is the scenario file"), r.transcript());
            assertFalse(r.err().contains("\tat "), "no stack trace\n" + r.transcript());
            assertEquals("", r.out(), "nothing ran");
            assertEquals(TestScenarios.TOUCHPAD, Files.readString(scenario));
            assertEquals(List.of("s.yaml"), listing());
        }
    }

    @Test
    @DisplayName("two options naming one file are refused before the run")
    void twoOptionsOneFile() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);
        Path out = dir.resolve("out");

        Cli r = Cli.irqlab("run", scenario.toString(), "--trace", out.toString(), "--json", out.toString());

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("--json: '" + out + "' is also the file of --trace"), r.transcript());
        assertEquals(List.of("s.yaml"), listing());
    }

    @Test
    @DisplayName("a missing directory and a directory as the target are refused before the run")
    void badTargets() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);
        Files.createDirectory(dir.resolve("sub"));

        Cli missing = Cli.irqlab("run", scenario.toString(), "--vcd", dir.resolve("nodir/w.vcd").toString());
        Cli directory = Cli.irqlab("run", scenario.toString(), "--json", dir.resolve("sub").toString());
        Cli parentIsFile = Cli.irqlab("run", scenario.toString(), "--json", dir.resolve("s.yaml/r.json").toString());

        assertEquals(2, missing.status(), missing.transcript());
        assertTrue(missing.err().contains("--vcd: cannot write '") && missing.err().contains("nodir' does not exist"),
                missing.transcript());
        assertEquals(2, directory.status(), directory.transcript());
        assertTrue(directory.err().contains("--json: '") && directory.err().contains("is a directory"),
                directory.transcript());
        assertEquals(2, parentIsFile.status(), parentIsFile.transcript());
        assertTrue(parentIsFile.err().contains("is not a directory"), parentIsFile.transcript());
        assertEquals(List.of("s.yaml", "sub"), listing());
    }

    @Test
    @DisplayName("a run that fails after its outputs were opened leaves earlier files intact and no partial file")
    void failedRunKeepsEarlierFiles() throws IOException {
        // line 5000 does not exist on a GICv3 (988 SPIs): the stack refuses it while being built
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD.replace("line: 8", "line: 5000"));
        Path json = Files.writeString(dir.resolve("r.json"), EARLIER);
        Path vcd = Files.writeString(dir.resolve("w.vcd"), EARLIER);
        Path trace = Files.writeString(dir.resolve("t.jsonl"), EARLIER);

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString(), "--vcd", vcd.toString(),
                "--trace", trace.toString());

        assertEquals(2, r.status(), r.transcript());
        for (Path p : List.of(json, vcd, trace)) {
            assertEquals(EARLIER, Files.readString(p), p + " is as it was");
        }
        assertEquals(List.of("r.json", "s.yaml", "t.jsonl", "w.vcd"), listing(), "no temporary file is left");
    }

    @Test
    @DisplayName("a good run replaces earlier files completely and leaves no temporary file")
    void goodRunReplaces() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);
        Path json = Files.writeString(dir.resolve("r.json"), EARLIER);

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString());

        assertEquals(0, r.status(), r.transcript());
        assertTrue(Files.readString(json).startsWith("{") && Files.readString(json).contains("\"passed\""));
        assertEquals(List.of("r.json", "s.yaml"), listing());
    }

    @Test
    @DisplayName("- writes an output to standard output (the summary then goes to standard error)")
    void dashIsStandardOutput() throws IOException {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", "-");
        Cli twice = Cli.irqlab("run", scenario.toString(), "--json", "-", "--trace", "-");

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().startsWith("{") && r.out().contains("\"passed\": true"), r.transcript());
        assertTrue(r.err().contains("verdict: PASS"), r.transcript());
        assertEquals(2, twice.status(), twice.transcript());
        assertTrue(twice.err().contains("--json: standard output (-) is already the target of --trace"),
                twice.transcript());
    }

    @Test
    @DisplayName("SCENARIO - reads standard input; an endless stream is refused at the size limit")
    void dashIsStandardInput() {
        Cli ok = withStdin(new ByteArrayInputStream(TestScenarios.TOUCHPAD.getBytes(StandardCharsets.UTF_8)),
                "validate", "-");
        Cli endless = withStdin(new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        }, "run", "-");

        assertEquals(0, ok.status(), ok.transcript());
        assertTrue(ok.out().startsWith("-: ok") || ok.out().contains("ok: 'cli test touchpad'"), ok.transcript());
        assertEquals(2, endless.status(), endless.transcript());
        assertTrue(endless.err().startsWith("<stdin>:1:1: the scenario is more than 4194304 bytes"), endless.transcript());
    }

    private static Cli withStdin(InputStream in, String... args) {
        InputStream saved = System.in;
        System.setIn(in);
        try {
            return Cli.irqlab(args);
        } finally {
            System.setIn(saved);
        }
    }
}
