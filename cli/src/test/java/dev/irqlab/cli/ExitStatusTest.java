package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented exit statuses: 0 ok, 1 an expectation not met, 2 bad input. */
class ExitStatusTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("run exits 0 and prints a PASS verdict when every expectation holds")
    void passingScenarioExitsZero() {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);

        Cli r = Cli.irqlab("run", scenario.toString());

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().contains("verdict: PASS (2 expectations met)"), r.transcript());
        assertEquals("", r.err(), r.transcript());
    }

    @Test
    @DisplayName("run exits 1 and names the failed expectation when one is not met")
    void failingExpectationExitsOne() {
        Path scenario = TestScenarios.write(dir, "impossible.yaml", TestScenarios.TOUCHPAD_IMPOSSIBLE);

        Cli r = Cli.irqlab("run", scenario.toString());

        assertEquals(1, r.status(), r.transcript());
        assertTrue(r.out().contains("verdict: FAIL (1 of 2 expectations failed: device-events)"), r.transcript());
    }

    @Test
    @DisplayName("the shipped arm64 GICv3 scenario validates and runs with its expectations met")
    void shippedScenario() {
        Path shipped = Path.of(System.getProperty("basedir", "."), "..", "scenarios",
                "elan-i2c-invalid-report-arm64-gicv3.yaml").normalize();

        Cli validate = Cli.irqlab("validate", shipped.toString());
        Cli run = Cli.irqlab("run", shipped.toString());

        assertEquals(0, validate.status(), validate.transcript());
        assertTrue(validate.out().startsWith(shipped + ": ok: "), validate.transcript());
        assertTrue(validate.out().contains("(gicv3 + vgic-v3, 1 device, fix none)"), validate.transcript());
        assertEquals(0, run.status(), run.transcript());
    }

    @Test
    @DisplayName("a malformed scenario exits 2 with the problem as file:line:column: key: message")
    void malformedScenarioExitsTwo() {
        Path scenario = TestScenarios.write(dir, "bad.yaml", TestScenarios.BAD_TRIGGER);

        for (String command : new String[] {"run", "validate"}) {
            Cli r = Cli.irqlab(command, scenario.toString());

            assertEquals(2, r.status(), r.transcript());
            assertTrue(r.err().startsWith(scenario + ":10:35: devices[0].interrupt.trigger: found 'sideways', "
                    + "allowed: edge-rising, edge-falling, edge-both, level-high, level-low\n"), r.transcript());
            assertTrue(r.err().contains(scenario + ": 1 problem; nothing was run"), r.transcript());
            assertEquals("", r.out(), r.transcript());
        }
    }

    @Test
    @DisplayName("a missing scenario file exits 2 with one problem at 1:1")
    void missingFileExitsTwo() {
        Path missing = dir.resolve("no-such.yaml");

        Cli r = Cli.irqlab("run", missing.toString());

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().startsWith(missing + ":1:1: cannot read the file"), r.transcript());
    }

    @Test
    @DisplayName("a fix that no chosen plugin implements exits 2, naming the fix and the plugin that has it")
    void impossibleCombinationExitsTwo() {
        Path scenario = TestScenarios.write(dir, "combo.yaml", TestScenarios.IOAPIC_FIX_ON_GIC);

        for (String command : new String[] {"run", "validate"}) {
            Cli r = Cli.irqlab(command, scenario.toString());

            assertEquals(2, r.status(), r.transcript());
            String reason = r.err().lines().filter(l -> l.startsWith(scenario + ":7:1: fix: fix 'ioapic-ack-pending'"))
                    .findFirst().orElseThrow(() -> new AssertionError(r.transcript()));
            assertTrue(reason.endsWith("it exists for: ioapic"), reason);
            assertTrue(reason.contains("gicv3"), "the reason names the chosen controller: " + reason);
            assertEquals("", r.out(), r.transcript());
        }
    }

    @Test
    @DisplayName("an unknown option exits 2 and names the option, then shows the usage")
    void unknownOptionExitsTwo() {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);

        Cli r = Cli.irqlab("run", "--bogus", scenario.toString());

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().startsWith("Unknown option: '--bogus'"), r.transcript());
        assertTrue(r.err().contains("Usage: irqlab run"), r.transcript());
    }

    @Test
    @DisplayName("a missing scenario argument and a missing command both exit 2")
    void missingArgumentsExitTwo() {
        Cli noScenario = Cli.irqlab("validate");
        Cli noCommand = Cli.irqlab();

        assertEquals(2, noScenario.status(), noScenario.transcript());
        assertTrue(noScenario.err().startsWith("Missing required parameter: 'SCENARIO'"), noScenario.transcript());
        assertEquals(2, noCommand.status(), noCommand.transcript());
        assertTrue(noCommand.err().startsWith(
                "a command is required: run, validate, describe, plugins, matrix, explore, explore-merge, diff, help"),
                noCommand.transcript());
    }

    @Test
    @DisplayName("an output file that cannot be written exits 2 with one line naming it, no stack trace")
    void unwritableOutputExitsTwo() {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Path vcd = dir.resolve("no-such-dir").resolve("w.vcd");

        Cli r = Cli.irqlab("run", scenario.toString(), "--vcd", vcd.toString());

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().startsWith("irqlab run: --vcd: cannot write '" + vcd + "': directory"), r.transcript());
        assertEquals(1, r.err().strip().lines().count(), r.transcript());
    }
}
