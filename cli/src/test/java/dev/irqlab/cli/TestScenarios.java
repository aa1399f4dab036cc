package dev.irqlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small scenario files the CLI tests write to a temporary directory. */
final class TestScenarios {

    /** Three touches of an elan_i2c touchpad on GICv3 + vGICv3 over 20 ms; the expectations hold. */
    static final String TOUCHPAD = """
            name: cli test touchpad
            seed: 7
            run: {duration: 20ms, drain: 10ms}
            platform:
              controller: gicv3
              virtual-controller: vgic-v3
            devices:
              - name: touchpad
                model: elan-i2c
                interrupt: {line: 8, trigger: level-high}
                driver: {name: elan_i2c, flow: oneshot-threaded}
                workload: {start: 1ms, period: 5ms, count: 3}
            expect:
              device-events: 3
              lost: 0
            """;

    /** The same run with an expectation three device events cannot meet. */
    static final String TOUCHPAD_IMPOSSIBLE = TOUCHPAD.replace("device-events: 3", "device-events: {min: 4}");

    /** A trigger that does not exist, on line 10 column 35. */
    static final String BAD_TRIGGER = TOUCHPAD.replace("trigger: level-high", "trigger: sideways");

    /** The x86 IO-APIC fix asked of an arm64 GICv3 platform. */
    static final String IOAPIC_FIX_ON_GIC = TOUCHPAD.replace("  virtual-controller: vgic-v3\n",
            "  virtual-controller: vgic-v3\nfix: ioapic-ack-pending\n");

    private TestScenarios() {
    }

    static Path write(Path dir, String fileName, String text) {
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
