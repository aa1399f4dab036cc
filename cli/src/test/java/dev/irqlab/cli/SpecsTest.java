package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The commands whose specs are built in code ({@link Specs}) print the help their annotations
 * printed (kept in {@code help/<command>.txt}, written by the annotated commands), and read every
 * option back as the annotated fields held it.
 */
class SpecsTest {

    @ParameterizedTest(name = "{0} --help is the text the annotated command printed")
    @ValueSource(strings = {"run", "matrix"})
    void helpAsTheAnnotationsGaveIt(String command) throws IOException {
        Cli r = Cli.irqlab(command, "--help");

        assertEquals(0, r.status(), r.transcript());
        assertEquals(text("help/" + command + ".txt"), r.out());
    }

    @Test
    @DisplayName("run: every option and the parameter read back with their types; absent ones as the fields' defaults")
    void runOptionsReadBack() {
        CommandLine.Model.CommandSpec spec = RunCommand.spec();
        new CommandLine(spec).parseArgs("--set", "a=1", "--max-events", "7", "--no-progress", "--strict",
                "--schedule", "s.json", "--set", "b=2", "--json", "-", "x.yaml");

        assertEquals("x.yaml", spec.positionalParameters().get(0).getValue());
        assertEquals(List.of("a=1", "b=2"), OverrideOptions.of(spec));
        assertEquals(7L, Specs.value(spec, "--max-events", Long.class));
        assertEquals(Boolean.FALSE, Specs.value(spec, "--progress", Boolean.class));
        assertEquals(Boolean.TRUE, Specs.value(spec, "--strict", Boolean.class));
        assertEquals(Path.of("s.json"), Specs.value(spec, "--schedule", Path.class));
        assertEquals("-", Specs.value(spec, "--json", String.class));

        CommandLine.Model.CommandSpec bare = RunCommand.spec();
        new CommandLine(bare).parseArgs("x.yaml");
        assertEquals(List.of(), OverrideOptions.of(bare));
        assertNull(Specs.value(bare, "--progress", Boolean.class));
        assertEquals(Boolean.FALSE, Specs.value(bare, "--strict", Boolean.class));
        assertNull(Specs.value(bare, "--max-events", Long.class));
    }

    @Test
    @DisplayName("matrix: --events defaults to 200, --vmm splits at commas and repeats")
    void matrixOptionsReadBack() {
        CommandLine.Model.CommandSpec spec = MatrixCommand.spec();
        new CommandLine(spec).parseArgs("--vmm", "qemu,crosvm", "--vmm", "all");
        assertEquals(200, Specs.value(spec, "--events", Integer.class));
        assertEquals(List.of("qemu", "crosvm", "all"), Specs.strings(spec, "--vmm"));
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = SpecsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
