package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.plugin.Role;
import dev.irqlab.kvmlive.host.HostKvm;
import dev.irqlab.kvmlive.host.KvmFlavour;
import dev.irqlab.kvmlive.sys.KvmDevice;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code irqlab diff}: what it refuses (exit 2) and, where /dev/kvm is usable, agreement on shipped x86 scenarios. */
class DiffCommandTest {

    static final Path SCENARIOS = Path.of("..", "scenarios");

    @TempDir
    Path dir;

    @Test
    void anArm64ScenarioIsBadInput() {
        Path scenario = TestScenarios.write(dir, "touchpad.yaml", TestScenarios.TOUCHPAD);
        Cli r = Cli.irqlab("diff", scenario.toString());
        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("not an x86 scenario"), r.transcript());
    }

    @Test
    void aFixTheLiveKernelDoesNotHaveCannotBeExpressed() {
        Cli r = Cli.irqlab("diff", SCENARIOS.resolve("elan-i2c-fixed-x86-ioapic-ack-pending.yaml").toString());
        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("fix 'ioapic-ack-pending' is not in the live kernel"), r.transcript());
    }

    @Test
    void aPlainLevelDriverAgreesToo() throws IOException {
        KvmDevice.unavailableReason().ifPresent(w -> Assumptions.abort("skipped: " + w));
        String text = Files.readString(SCENARIOS.resolve("exits-per-interrupt-x86-level-oneshot.yaml"))
                .replace("flow: oneshot-threaded", "flow: level").replace("count: 50", "count: 6");
        Path scenario = TestScenarios.write(dir, "plain.yaml", text);
        Cli r = Cli.irqlab("diff", scenario.toString());
        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().contains("aligned per device event: 6 of 6 agree"), r.transcript());
    }

    /**
     * The model follows the host's kernel: 6.2 before fef8f2b90edb, 6.3 up to 6.14, and from 6.15
     * (lapic.c kvm_ioapic_send_eoi's stale-EOI rescan) linux-6.15, the newest modelled, for a 6.18 host too.
     */
    @ParameterizedTest
    @CsvSource({"6.2.0-39-generic, linux-6.2", "6.14.11-300.fc42.x86_64, linux-6.3", "6.15.2, linux-6.15",
        "6.18.44-fc-v782, linux-6.15"})
    void theModelTakesTheHostsKernelVersion(String release, String version) {
        Scenario s = new ScenarioLoader().load(SCENARIOS.resolve("exits-per-interrupt-x86-level-oneshot.yaml"),
                PluginRegistry.discover());
        StringWriter out = new StringWriter();
        Scenario model = DiffCommand.forHost(s, new HostKvm(release, KvmFlavour.KVM_PVM, List.of()), new PrintWriter(out));
        assertEquals(version, model.config(Role.VIRTUAL_CONTROLLER).orElseThrow().text("kvm-version"));
        assertEquals("pvm", model.config(Role.VIRTUAL_CONTROLLER).orElseThrow().text("kvm-flavour"));
        assertTrue(out.toString().contains("-> kvm-version " + version + ", kvm-flavour pvm"), out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"exits-per-interrupt-x86-level-oneshot.yaml", "elan-i2c-invalid-report-x86-ioapic.yaml",
        "elan-i2c-fixed-x86-linux-6.3-resample-on-unmask.yaml"})
    void shippedX86ScenariosAgreeWithThisMachinesKvm(String file) throws IOException {
        KvmDevice.unavailableReason().ifPresent(w -> Assumptions.abort("skipped: " + w));
        Path json = dir.resolve("diff.json");
        Cli r = Cli.irqlab("diff", SCENARIOS.resolve(file).toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().contains("model set to the live host: " + HostKvm.detect().describe()), r.transcript());
        String j = Files.readString(json);
        assertTrue(j.contains("\"kernel\": \"" + HostKvm.detect().kernelRelease() + "\""), j);
        assertTrue(j.contains("\"kvm-flavour\": \"" + HostKvm.detect().flavour().module() + "\""), j);
        assertTrue(j.contains("\"agreement\": true"), j);
    }
}
