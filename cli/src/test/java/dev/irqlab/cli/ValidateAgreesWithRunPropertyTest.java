package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever {@code validate} accepts, {@code run} does not refuse as bad input: over generated
 * valid-looking scenarios (every controller, virtual controller, line, trigger, model, driver, flow,
 * forwarding, workload and fix), a scenario validate accepts runs (bounded) to exit 0, 1 or 3.
 */
class ValidateAgreesWithRunPropertyTest {

    @Property(tries = 30, seed = "12")
    void validatedScenariosRun(@ForAll("scenarios") String scenario) throws IOException {
        Path dir = Files.createTempDirectory("irqlab-property");
        try {
            Path file = TestScenarios.write(dir, "p.yaml", scenario);
            Cli validate = Cli.irqlab("validate", file.toString());
            if (validate.status() != 0) {
                assertTrue(validate.err().contains("p.yaml:"), "refusals are located\n" + validate.transcript());
                return;
            }
            Cli run = Cli.irqlab("run", file.toString(), "--max-events", "100000");
            assertNotEquals(2, run.status(), "validate accepted it, run refused it:\n" + scenario + "\n"
                    + run.transcript());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<String> scenarios() {
        Arbitrary<String> platform = Combinators.combine(
                Arbitraries.of("gicv2", "gicv3", "ioapic"),
                Arbitraries.of("", "vgic-v2", "vgic-v3", "kvm-ioapic"),
                Arbitraries.of("none", "resample-on-eoi", "irqfd-mask-notifier", "vgic-resample-on-enable",
                        "resample-on-unmask", "ioapic-ack-pending"))
                .as((c, v, fix) -> "platform: {controller: " + c + (v.isEmpty() ? "" : ", virtual-controller: " + v)
                        + "}\nfix: " + fix + "\n");
        Arbitrary<String> device = Combinators.combine(
                Arbitraries.integers().between(0, 1100),
                Arbitraries.of("level-high", "level-low", "edge-rising", "edge-falling", "edge-both"),
                Arbitraries.of("level-status", "edge-pulse", "elan-i2c", "cros-ec"),
                Arbitraries.of("level-fasteoi", "edge", "elan_i2c", "cros_ec", "missing", "unclaimed"),
                Arbitraries.of("edge", "level", "oneshot-threaded"),
                Arbitraries.of("", "irqfd-resample", "irqfd", "hw-mapped"),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 8))
                .as((line, trigger, model, driver, flow, fwd, period, count) -> "  - name: dev\n    model: " + model
                        + "\n    interrupt: {line: " + line + ", trigger: " + trigger + "}\n"
                        + (fwd.isEmpty() ? "" : "    forwarding: " + fwd + "\n")
                        + "    driver: {name: " + driver + ", flow: " + flow + "}\n"
                        + "    workload: {start: 1ms, period: " + period + "ms, count: " + count + "}\n");
        return Combinators.combine(platform, device).as((p, d) -> "name: generated\nrun: {duration: 50ms, drain: 5ms}\n"
                + p + "devices:\n" + d);
    }
}
