package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results a user would not expect are warnings under the summary; --strict turns them into exit
 * status 1; a metric the scenario's expect: names is not warned about.
 */
class WarningsTest {

    /**
     * The upstream irqfd resampler (resample-on-eoi, since v3.10) is what runs when no resampler fix
     * is chosen: asking for it changes nothing.
     */
    private static final String UPSTREAM_AS_A_FIX = TestScenarios.TOUCHPAD.replace("seed: 7\n",
            "seed: 7\nfix: resample-on-eoi\n");

    /** A level device whose guest has no driver: the events are lost and never reach a handler. */
    private static final String NO_DRIVER = """
            name: no guest driver
            run: {duration: 20ms, drain: 10ms}
            platform: {controller: gicv3, virtual-controller: vgic-v3}
            devices:
              - name: sensor
                model: level-status
                interrupt: {line: 12, trigger: level-high}
                driver: {name: missing, flow: level}
                workload: {at: [1ms]}
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a fix that is what runs anyway is reported as changing nothing, in --json too; --strict exits 1")
    void fixThatChangedNothing() throws Exception {
        Path scenario = TestScenarios.write(dir, "s.yaml", UPSTREAM_AS_A_FIX);
        Path json = dir.resolve("r.json");

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString());
        Cli strict = Cli.irqlab("run", scenario.toString(), "--strict");

        String warning = "fix: 'resample-on-eoi' changed nothing: without it the run gives the same metrics";
        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().endsWith("warning: " + warning + "\n"), r.transcript());
        assertTrue(Files.readString(json).contains("\"warnings\": [\n    \"" + warning + "\"\n  ]"),
                Files.readString(json));
        assertEquals(1, strict.status(), strict.transcript());
        assertEquals("irqlab run: --strict: 1 warning\n", strict.err(), strict.transcript());
    }

    @Test
    @DisplayName("a fix that removes the spurious interrupts is not warned about")
    void fixThatChangedSomething() {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD.replace("seed: 7\n",
                "seed: 7\nfix: irqfd-mask-notifier\n"));

        Cli r = Cli.irqlab("run", scenario.toString(), "--strict");

        assertEquals(0, r.status(), r.transcript());
        assertFalse(r.out().contains("warning:"), r.transcript());
    }

    @Test
    @DisplayName("events lost and a driver never called are warned about; not the loss expect: names")
    void lostAndNeverReached() {
        Path scenario = TestScenarios.write(dir, "s.yaml", NO_DRIVER);
        Path expected = TestScenarios.write(dir, "e.yaml", NO_DRIVER + "expect: {lost: 1}\n");
        String neverReached = "warning: devices[0] 'sensor': its interrupts never reached its driver: "
                + "missing's handler never ran (no handled.missing, no spurious.missing)\n";

        Cli r = Cli.irqlab("run", scenario.toString());
        Cli lossExpected = Cli.irqlab("run", expected.toString());

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().contains("warning: lost: 1 of 1 device events were never consumed by a driver\n"),
                r.transcript());
        assertTrue(r.out().contains(neverReached), r.transcript());
        assertEquals(0, lossExpected.status(), lossExpected.transcript());
        assertFalse(lossExpected.out().contains("warning: lost"), lossExpected.transcript());
        assertTrue(lossExpected.out().contains(neverReached), lossExpected.transcript());
    }
}
