package dev.irqlab.runtime.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.vmm.Forwarding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Valid scenarios load fully resolved: written values typed, every default filled in. */
class ScenarioLoaderTest {

    private final ScenarioLoader loader = new ScenarioLoader();
    private final FixedCatalog catalog = new FixedCatalog();

    @Test
    @DisplayName("a full scenario loads with every written value typed (durations in ns)")
    void fullScenario() {
        Scenario s = loader.load("good/full.yaml", Resources.text("good/full.yaml"), catalog);

        assertEquals("good/full.yaml", s.source());
        assertEquals("elan_i2c touchpad on arm64 GICv3, upstream KVM", s.name());
        assertEquals("interrupt storm after resume", s.description());
        assertEquals(42, s.seed());
        assertEquals(new Run(100_000_000, 50_000_000), s.run());
        assertEquals(new Platform("gicv3", Optional.of("vgic-v3"), "linux", "kvm", "qemu", "vfio-platform", "linux", 2, 4),
                s.platform());
        assertEquals(Set.of("irqfd-mask-notifier", "vgic-resample-on-enable"), s.fixes());
        assertEquals(Map.of("eoi-mode", 1L, "security", "single"), s.config().get(Role.PHYSICAL_CONTROLLER).values());
        assertEquals(Map.of("list-registers", 4L), s.config().get(Role.VIRTUAL_CONTROLLER).values());
        assertEquals(Map.of("thread-wakeup", 20_000L, "threadirqs", true), s.config().get(Role.KERNEL).values());
        assertEquals(Map.of("exit-cost.mmio", 3_000L, "exit-cost.maintenance", 1_000L),
                s.config().get(Role.HYPERVISOR).values());
        assertEquals(Map.of(), s.config().get(Role.FORWARDER).values());
        assertEquals(Map.of("resume-latency", 1_000_000L), s.config().get(Role.SYSTEM_SLEEP).values());

        assertEquals(3, s.devices().size());
        DeviceSpec touchpad = s.devices().get(0);
        assertEquals("touchpad", touchpad.name());
        assertEquals("elan-i2c", touchpad.model());
        assertEquals(8, touchpad.line());
        assertEquals(Trigger.LEVEL_LOW, touchpad.trigger());
        assertEquals(40, touchpad.guestPin());
        assertEquals(Forwarding.IRQFD_RESAMPLE, touchpad.forwarding());
        assertEquals(Map.of("report-bytes", 32L, "vendor", "elan"), touchpad.config().values());
        assertEquals("elan_i2c", touchpad.driver().name());
        assertEquals(DriverFlow.ONESHOT_THREADED, touchpad.driver().flow());
        assertEquals(500_000L, touchpad.driver().config().durationNs("i2c-transfer"));
        assertEquals(new Workload.Periodic(1_000_000, 10_000_000, 10, 1_000_000), touchpad.workload());

        DeviceSpec button = s.devices().get(1);
        assertEquals(9, button.guestPin(), "guest-pin defaults to the line");
        assertEquals(Forwarding.IRQFD, button.forwarding(), "edge trigger defaults to a plain irqfd");
        assertEquals(new Workload.AtTimes(List.of(1_000_000L, 5_000_000L, 90_000_000L), 0), button.workload(),
                "explicit times are sorted");
        assertEquals(Forwarding.HW_MAPPED, s.devices().get(2).forwarding());
        assertEquals(new Workload.None(), s.devices().get(2).workload());

        assertEquals(Optional.of(new Suspend(50_000_000, 10_000_000)), s.suspend());
        assertEquals(new Vmm(0), s.vmm());
        assertEquals(Map.of("force-unmask-at-start", true, "vm-name", "vm0"), s.config().get(Role.VMM).values(),
                "the vmm: section's other keys are the chosen VMM's configuration");
        assertEquals(List.of(
                new Expectation("spurious", 0, 0, new Location("good/full.yaml", 45, 3)),
                new Expectation("delivered", 99, Long.MAX_VALUE, new Location("good/full.yaml", 46, 3)),
                new Expectation("handled.elan_i2c", 1, 100, new Location("good/full.yaml", 47, 3)),
                new Expectation("exits.maintenance", Long.MIN_VALUE, 1000, new Location("good/full.yaml", 48, 3)),
                new Expectation("messages.elan_i2c.invalid_report", 0, 0, new Location("good/full.yaml", 49, 3)),
                new Expectation("latency.assert-to-handler.p99", Long.MIN_VALUE, 200_000,
                        new Location("good/full.yaml", 50, 3)),
                new Expectation("latency.assert-to-ack.max", Long.MIN_VALUE, 5000,
                        new Location("good/full.yaml", 51, 3))),
                s.expectations());
        Action.Side host = Action.Side.HOST;
        Action.Side guest = Action.Side.GUEST;
        Action.StatusFlag unlazy = Action.StatusFlag.IRQ_DISABLE_UNLAZY;
        assertEquals(List.of(
                new Action.KernelCall(5_000_000, guest, 0, "touchpad", new Action.DisableIrqNosync(), at(53, 36)),
                new Action.KernelCall(6_000_000, guest, 3, "touchpad", new Action.EnableIrq(), at(54, 36)),
                new Action.KernelCall(1_000_000, host, 0, "button", new Action.SetStatusFlags(unlazy), at(55, 35)),
                new Action.KernelCall(2_000_000, host, 1, "idle-dev", new Action.SetIrqWake(true), at(56, 35)),
                new Action.KernelCall(0, host, 0, "touchpad", new Action.ClearStatusFlags(unlazy), at(57, 35)),
                new Action.KernelCall(3_000_000, guest, 0, "button", new Action.DisableIrq(), at(58, 36)),
                new Action.RegisterWrite(7_000_000, host, 0, "GICD_ISPENDR1", 0x100, at(59, 40)),
                new Action.RegisterRead(100_000_000, guest, 2, "ICC_IAR1_EL1", at(62, 11))),
                s.actions(), "file order kept; the location is the call or the register name; cpu defaults to 0");
    }

    @Test
    @DisplayName("a minimal scenario gets every default of the language and of the plugin schemas")
    void minimalScenarioDefaults() {
        Scenario s = loader.load("good/minimal.yaml", Resources.text("good/minimal.yaml"), catalog);

        assertEquals("", s.description());
        assertEquals(Scenario.DEFAULT_SEED, s.seed());
        assertEquals(1L, s.seed());
        assertEquals(new Run(1_000_000, 100_000_000), s.run(), "drain defaults to 100ms");
        assertEquals(new Platform("ioapic", Optional.empty(), "linux", "kvm", "qemu", "vfio-platform", "linux", 1, 1),
                s.platform());
        assertEquals(Set.of(), s.fixes(), "fix defaults to none");
        assertEquals(Set.of(Role.PHYSICAL_CONTROLLER, Role.KERNEL, Role.HYPERVISOR, Role.VMM, Role.FORWARDER,
                        Role.SYSTEM_SLEEP),
                s.config().keySet(), "the virtual controller is left to the runtime");
        assertEquals(Optional.empty(), s.config(Role.VIRTUAL_CONTROLLER));
        assertEquals(Map.of("thread-wakeup", 20_000L, "threadirqs", false), s.config().get(Role.KERNEL).values());
        assertEquals(Map.of("exit-cost.mmio", 2_000L, "exit-cost.maintenance", 1_000L),
                s.config().get(Role.HYPERVISOR).values());
        DeviceSpec dev = s.devices().get(0);
        assertEquals(3, dev.guestPin());
        assertEquals(Forwarding.IRQFD_RESAMPLE, dev.forwarding(), "level trigger defaults to irqfd with resample");
        assertEquals(new Workload.None(), dev.workload());
        assertEquals(Optional.empty(), s.suspend());
        assertEquals(Vmm.DEFAULT, s.vmm());
        assertEquals(Map.of("force-unmask-at-start", false, "vm-name", "vm0"), s.config().get(Role.VMM).values(),
                "the VMM defaults to qemu with its schema's defaults");
        assertEquals(List.of(), s.expectations());
        assertEquals(List.of(), s.actions(), "no actions: section left out");
    }

    private static Location at(int line, int column) {
        return new Location("good/full.yaml", line, column);
    }

    @Test
    @DisplayName("loading from a path names the problems and the scenario after the path as given")
    void loadFromPath() {
        Path good = Resources.path("good/minimal.yaml");
        assertEquals(good.toString(), loader.load(good, catalog).source());

        Path bad = Resources.path("bad/unknown-root-key.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(bad, catalog));
        assertEquals(bad.toString(), e.problems().get(0).file());
    }

    @Test
    @DisplayName("an unreadable file is one problem at 1:1, not an IOException")
    void missingFile() {
        Path missing = Path.of("target", "no-such-scenario.yaml");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(missing, catalog));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).message().startsWith("cannot read the file: No such file or directory"),
                e.problems().get(0).message());
    }

    @Test
    @DisplayName("Problem prints as file:line:column: key: message, and drops an empty key")
    void problemFormat() {
        assertEquals("a.yaml:3:5: devices[0].interrupt.trigger: found 'x', allowed: y",
                new Problem("a.yaml", 3, 5, "devices[0].interrupt.trigger", "found 'x', allowed: y").toString());
        assertEquals("a.yaml:1:1: not UTF-8 text", new Problem("a.yaml", 1, 1, "", "not UTF-8 text").toString());
    }

    @Test
    @DisplayName("ScenarioException is an IllegalArgumentException whose message lists every problem")
    void exceptionMessage() {
        ScenarioException e = new ScenarioException(List.of(new Problem("f", 1, 2, "k", "m1"),
                new Problem("f", 3, 4, "", "m2")));
        IllegalArgumentException widened = e; // compiles only while it is one
        assertEquals("f:1:2: k: m1\nf:3:4: m2", widened.getMessage());
    }

    @Test
    @DisplayName("the typed configuration answers through the Config SPI with the declared types")
    void configTyping() {
        Scenario s = loader.load("good/full.yaml", Resources.text("good/full.yaml"), catalog);
        Config kernel = s.config().get(Role.KERNEL);
        assertEquals(20_000L, kernel.durationNs("thread-wakeup"));
        assertTrue(kernel.flag("threadirqs"));
        assertEquals("single", s.config().get(Role.PHYSICAL_CONTROLLER).text("security"));
        assertEquals("elan", s.devices().get(0).config().text("vendor"));
    }

    @Test
    @DisplayName("config.kernel serves both kernels; config.host-kernel / config.guest-kernel override it key by key")
    void hostAndGuestKernels() {
        Scenario s = loader.load("good/host-guest-kernels.yaml", Resources.text("good/host-guest-kernels.yaml"),
                catalog);
        assertEquals(Map.of("thread-wakeup", 30_000L, "threadirqs", false), s.config().get(Role.KERNEL).values());
        assertEquals(Map.of("thread-wakeup", 30_000L, "threadirqs", true),
                s.kernelConfig(Scenario.HOST_KERNEL).orElseThrow().values());
        assertEquals(Map.of("thread-wakeup", 50_000L, "threadirqs", false),
                s.kernelConfig(Scenario.GUEST_KERNEL).orElseThrow().values());
    }

    @Test
    @DisplayName("without host-kernel / guest-kernel both kernels get config.kernel")
    void kernelServesBoth() {
        Scenario s = loader.load("good/full.yaml", Resources.text("good/full.yaml"), catalog);
        assertEquals(s.config().get(Role.KERNEL), s.kernelConfig(Scenario.HOST_KERNEL).orElseThrow());
        assertEquals(s.config().get(Role.KERNEL), s.kernelConfig(Scenario.GUEST_KERNEL).orElseThrow());
    }
}
