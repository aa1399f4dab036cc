package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code --set path=value} overrides one scenario key, validated as if written in the file; a problem
 * with the value names the option instead of a line of the file.
 */
class SetOptionTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("an override changes the run: a fourth touch, and a new key under config")
    void overridesApply() throws Exception {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);

        Cli four = Cli.irqlab("run", scenario.toString(), "--set", "devices[0].workload.count=4",
                "--set", "expect.device-events=4", "--set", "config.kernel.threadirqs=true");

        assertEquals(0, four.status(), four.transcript());
        assertTrue(four.out().matches("(?s).*\\ndevice-events +4 +4 +PASS\\n.*"), four.transcript());
        assertEquals(TestScenarios.TOUCHPAD, Files.readString(scenario), "the file is not modified");
    }

    @Test
    @DisplayName("the result JSON's scenario-as-run records each --set value, not the file's")
    void overridesAreInTheScenarioAsRun() throws Exception {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);
        Path json = dir.resolve("r.json");

        Cli r = Cli.irqlab("run", scenario.toString(), "--json", json.toString(), "--set", "seed=11",
                "--set", "devices[0].workload.count=4", "--set", "expect.device-events=4",
                "--set", "config.kernel.threadirqs=true", "--set", "devices[0].driver.config.i2c-transfer=300us", "--set", "run.drain=5ms");

        assertEquals(0, r.status(), r.transcript());
        Map<?, ?> asRun = (Map<?, ?>) ((Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(json))).get("scenario-as-run");
        assertEquals(11, asRun.get("seed"));
        assertEquals(5_000_000, ((Map<?, ?>) asRun.get("run")).get("drain-ns"));
        Map<?, ?> device = (Map<?, ?>) ((List<?>) asRun.get("devices")).get(0);
        assertEquals(4, ((Map<?, ?>) device.get("workload")).get("count"));
        assertEquals(300_000, ((Map<?, ?>) ((Map<?, ?>) device.get("driver")).get("config")).get("i2c-transfer"));
        Map<?, ?> kernels = (Map<?, ?>) asRun.get("kernels");
        assertEquals(true, ((Map<?, ?>) kernels.get("host")).get("threadirqs"), "config.kernel is both kernels'");
        assertEquals(true, ((Map<?, ?>) kernels.get("guest")).get("threadirqs"));
    }

    @Test
    @DisplayName("a wrong value is reported naming the option, with the allowed values, like one in the file")
    void wrongValueNamesTheOption() {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);

        Cli trigger = Cli.irqlab("validate", scenario.toString(), "--set", "devices[0].interrupt.trigger=sideways");
        Cli line = Cli.irqlab("validate", scenario.toString(), "--set", "devices[0].interrupt.line=5000");

        assertEquals(2, trigger.status(), trigger.transcript());
        assertTrue(trigger.err().startsWith("--set devices[0].interrupt.trigger=sideways: devices[0].interrupt.trigger: "
                + "found 'sideways', allowed: edge-rising, edge-falling, edge-both, level-high, level-low\n"),
                trigger.transcript());
        assertEquals(2, line.status(), line.transcript());
        assertEquals("--set devices[0].interrupt.line=5000: devices[0].interrupt.line: device 'touchpad': line 5000 "
                + "does not exist on gicv3; allowed: 0..987\n", line.err(), line.transcript());
    }

    @Test
    @DisplayName("a malformed override, a path through a value and a list entry that does not exist are refused")
    void malformedOverrides() {
        Path scenario = TestScenarios.write(dir, "s.yaml", TestScenarios.TOUCHPAD);

        Cli noEquals = Cli.irqlab("validate", scenario.toString(), "--set", "seed");
        Cli badPath = Cli.irqlab("validate", scenario.toString(), "--set", "devices[x].name=a");
        Cli entry = Cli.irqlab("validate", scenario.toString(), "--set", "devices[3].name=a");
        Cli scalar = Cli.irqlab("validate", scenario.toString(), "--set", "seed.x=1");

        assertTrue(noEquals.err().startsWith("--set seed: expected path=value"), noEquals.transcript());
        assertTrue(badPath.err().startsWith("--set devices[x].name=a: 'devices[x].name' is not a key path"),
                badPath.transcript());
        assertTrue(entry.err().startsWith("--set devices[3].name=a: devices[3].name: devices has 1 entry; "
                + "allowed: [0..0]"), entry.transcript());
        assertTrue(scalar.err().startsWith("--set seed.x=1: seed.x: seed is not a mapping"), scalar.transcript());
        for (Cli r : new Cli[] {noEquals, badPath, entry, scalar}) {
            assertEquals(2, r.status(), r.transcript());
        }
    }

    private static final String X86_UPSTREAM = "../scenarios/elan-i2c-invalid-report-x86-ioapic.yaml";

    @Test
    @DisplayName("explore takes --set too: KVM 6.3 on the x86 touchpad explores without the spurious interrupt")
    void exploreOverrides() {
        String[] explore = {"explore", X86_UPSTREAM, "--check", "no-spurious", "--no-expect", "--max-schedules", "3",
            "--quiet"};

        Cli upstream = Cli.irqlab(explore);
        Cli fixed = Cli.irqlab(concat(explore, "--set", "config.virtual-controller.kvm-version=linux-6.3"));

        assertEquals(1, upstream.status(), "linux-6.2 re-injects spuriously\n" + upstream.transcript());
        assertEquals(0, fixed.status(), fixed.transcript());
        assertTrue(upstream.out().contains("verdict: VIOLATION"), upstream.transcript());
        assertTrue(!fixed.out().contains("VIOLATION"), fixed.transcript());
    }

    @Test
    @DisplayName("explore and diff name the option of a wrong override, before anything runs")
    void exploreAndDiffCheckOverrides() {
        for (String command : new String[] {"explore", "diff"}) {
            Cli r = Cli.irqlab(command, X86_UPSTREAM, "--set", "devices[0].interrupt.trigger=sideways");

            assertEquals(2, r.status(), r.transcript());
            assertTrue(r.err().startsWith("--set devices[0].interrupt.trigger=sideways: devices[0].interrupt.trigger: "
                    + "found 'sideways', allowed: "), command + "\n" + r.transcript());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
