package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate builds the whole stack without running time: every problem the build finds comes out at
 * once, each at the key it concerns, with the range allowed, and run refuses the same.
 */
class ValidateBuildsTheStackTest {

    /** Two devices on GICv3 (988 SPIs) and vGICv3: the first's SPI does not exist, the second's guest pin. */
    private static final String TWO_WRONG = """
            name: two devices out of range
            run: {duration: 20ms}
            platform: {controller: gicv3, virtual-controller: vgic-v3}
            devices:
              - name: pad
                model: elan-i2c
                interrupt: {line: 5000, trigger: level-high}
                driver: {name: elan_i2c, flow: oneshot-threaded}
                workload: {start: 1ms, period: 5ms, count: 3}
              - name: key
                model: level-status
                interrupt: {line: 9, trigger: level-high}
                guest-pin: 5000
                driver: {name: level-fasteoi, flow: level}
                workload: {start: 1ms, period: 5ms, count: 3}
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a host line and a guest pin out of range: both at their line and column, with the range")
    void everyRangeProblemAtOnce() {
        Path scenario = TestScenarios.write(dir, "s.yaml", TWO_WRONG);

        Cli validate = Cli.irqlab("validate", scenario.toString());
        Cli run = Cli.irqlab("run", scenario.toString());
        Cli traced = Cli.irqlab("run", "--trace", dir.resolve("t.jsonl").toString(), scenario.toString());

        assertEquals(2, validate.status(), validate.transcript());
        assertEquals(scenario + ":7:17: devices[0].interrupt.line: device 'pad': line 5000 does not exist on gicv3; "
                + "allowed: 0..987\n"
                + scenario + ":13:5: devices[1].guest-pin: device 'key': guest pin 5000 does not exist on vgic-v3; "
                + "allowed: 0..255\n", validate.err());
        assertEquals("", validate.out());
        assertEquals(validate.err(), run.err(), "run refuses the same, before anything runs");
        assertEquals(2, run.status());
        assertEquals(validate.err(), traced.err(), "with a trace writer (a stack of the check's own) too");
        assertEquals(2, traced.status());
    }

    /** A level touchpad behind KVM's IO-APIC; {@code FIX} and {@code CONFIG} are replaced per test. */
    private static final String X86 = """
            name: x86 touchpad
            run: {duration: 20ms}
            platform: {controller: ioapic, virtual-controller: kvm-ioapic}
            FIX
            CONFIG
            devices:
              - name: pad
                model: elan-i2c
                interrupt: {line: 16, trigger: level-high}
                driver: {name: elan_i2c, flow: oneshot-threaded}
                workload: {start: 1ms, period: 5ms, count: 3}
            """;

    @Test
    @DisplayName("a fix the configured kernel version already has upstream is refused at fix:, with the versions without it")
    void fixAlreadyInTheKernelVersion() {
        Path byDefault = TestScenarios.write(dir, "default.yaml", X86.replace("FIX", "fix: resample-on-unmask")
                .replace("CONFIG\n", ""));
        Path written = TestScenarios.write(dir, "written.yaml", X86.replace("FIX", "fix: [resample-on-unmask]")
                .replace("CONFIG", "config: {virtual-controller: {kvm-version: linux-6.3}}"));

        Cli validate = Cli.irqlab("validate", byDefault.toString());
        Cli run = Cli.irqlab("run", byDefault.toString());
        Cli explicit = Cli.irqlab("validate", written.toString());

        assertEquals(2, validate.status(), validate.transcript());
        assertEquals(byDefault + ":4:1: fix: found 'resample-on-unmask', which kvm-ioapic already has upstream in "
                + "kvm-version 'linux-6.15' (the default): the fix would change nothing; drop it from fix:, or set "
                + "config.virtual-controller.kvm-version to a version without it; allowed: linux-6.2\n", validate.err());
        assertEquals(validate.err(), run.err(), "run refuses the same, before anything runs");
        assertEquals(2, explicit.status(), explicit.transcript());
        assertEquals(written + ":4:1: fix: found 'resample-on-unmask', which kvm-ioapic already has upstream in "
                + "kvm-version 'linux-6.3': the fix would change nothing; drop it from fix:, or set "
                + "config.virtual-controller.kvm-version to a version without it; allowed: linux-6.2\n", explicit.err());
    }

    @Test
    @DisplayName("the same fix on the version before it is accepted")
    void fixOnTheVersionWithoutIt() {
        Path scenario = TestScenarios.write(dir, "s.yaml", X86.replace("FIX", "fix: resample-on-unmask")
                .replace("CONFIG", "config: {virtual-controller: {kvm-version: linux-6.2}}"));

        Cli validate = Cli.irqlab("validate", scenario.toString());

        assertEquals(0, validate.status(), validate.transcript());
    }

    /** A PCI function in slot 4 (INTA: PIRQA, IO-APIC 16) written on line 17, active high. */
    private static final String PCI_MISROUTED = """
            name: a PCI function on the wrong line
            run: {duration: 20ms}
            platform: {controller: ioapic, virtual-controller: kvm-ioapic, forwarder: vfio-pci}
            devices:
              - name: nic
                model: pci-intx
                interrupt: {line: 17, trigger: level-high}
                config: {slot: 4}
                driver: {name: pci-intx, flow: level}
                workload: {start: 1ms, period: 5ms, count: 3}
            """;

    @Test
    @DisplayName("a PCI function's line and trigger are the host's routing of its slot and pin, or refused naming it")
    void pciRouteEnforced() {
        Path scenario = TestScenarios.write(dir, "s.yaml", PCI_MISROUTED);

        Cli validate = Cli.irqlab("validate", scenario.toString());

        assertEquals(2, validate.status(), validate.transcript());
        String route = "device 'nic': slot 4 INTA is routed to line 16, level-low on ioapic (x86 ACPI _PRT: PIRQA..D "
                + "-> IO-APIC inputs 16..19, level, active low (drivers/acpi/pci_irq.c: acpi_pci_irq_lookup))";
        assertEquals(scenario + ":7:17: devices[0].interrupt.line: " + route + ", not line 17; allowed: 16 (or leave "
                + "interrupt: out; or another slot, bridges or interrupt-pin in the device's config)\n"
                + scenario + ":7:27: devices[0].interrupt.trigger: " + route + ", not level-high; allowed: level-low\n",
                validate.err());
    }

    /**
     * Two PCI functions without interrupt: (the host's routing gives it): one behind a root port in slot
     * 28, one a level-status device, which is no PCI function.
     */
    private static final String PCI_ROUTED = """
            name: PCI functions on their routed lines
            run: {duration: 20ms}
            platform: {controller: ioapic, virtual-controller: kvm-ioapic, forwarder: vfio-pci}
            devices:
              - name: nic
                model: pci-intx
                config: {bridges: "28", interrupt-pin: INTB}
                driver: {name: pci-intx, flow: level}
                workload: {start: 1ms, period: 5ms, count: 3}
              - name: key
                model: level-status
                driver: {name: level-fasteoi, flow: level}
                workload: {start: 1ms, period: 5ms, count: 3}
            """;

    @Test
    @DisplayName("without interrupt: a PCI function takes its routed line (swizzled through its bridges); another "
            + "device is refused")
    void pciRouteDerived() throws Exception {
        Path both = TestScenarios.write(dir, "both.yaml", PCI_ROUTED);
        Path pciOnly = TestScenarios.write(dir, "pci.yaml", PCI_ROUTED.substring(0, PCI_ROUTED.indexOf("  - name: key")));
        Path json = dir.resolve("r.json");

        Cli validate = Cli.irqlab("validate", both.toString());
        Cli run = Cli.irqlab("run", pciOnly.toString(), "--json", json.toString());

        assertEquals(2, validate.status(), validate.transcript());
        assertEquals(both + ":10:5: devices[1].interrupt: device 'key': missing required key: model level-status is no "
                + "PCI function with an INTx pin, so no routing gives its line; write interrupt: {line: N, trigger: T}\n",
                validate.err());
        assertEquals(0, run.status(), run.transcript());
        // pci_common_swizzle: slot 0 INTB -> the root port's INTB; slot 28 INTB -> _PRT INTB after (28 % 4 = 0) -> 17
        String result = java.nio.file.Files.readString(json);
        assertTrue(result.contains("\"line\": 17") && result.contains("\"trigger\": \"level-low\""), result);
    }
}
