package dev.irqlab.runtime.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.DriverFlow;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import dev.irqlab.runtime.scenario.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every matrix row is a scenario in the user's language, and says what its row says. */
class MatrixScenarioTest {

    private final ScenarioLoader loader = new ScenarioLoader();
    private final MatrixSettings settings = MatrixSettings.withEvents(17);

    private static final List<Variant> VARIANTS = List.of(Variant.NONE, Variant.fix("ioapic-ack-pending"),
            Variant.fix("irqfd-mask-notifier"), Variant.fix("resample-on-unmask"), Variant.fix("vgic-resample-on-enable"),
            Variant.forwarding(Forwarding.HW_MAPPED));

    /** The default VMM's vfio-platform rows of the shipped plugins: controller x variant x flow = 3 x 6 x 3. */
    static Stream<MatrixRow> rows() {
        List<MatrixRow> rows = new ArrayList<>();
        for (String c : List.of("gicv2", "gicv3", "ioapic")) {
            for (Variant v : VARIANTS) {
                for (GuestFlow f : GuestFlow.values()) {
                    rows.add(MatrixTableTest.row(MatrixTableTest.QEMU, "vfio-platform", c, v, f));
                }
            }
        }
        return rows.stream();
    }

    @Test
    @DisplayName("the default VMM's rows have distinct names")
    void distinctNames() {
        Set<String> ids = new HashSet<>();
        rows().forEach(r -> ids.add(r.id()));
        assertEquals(54, ids.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("a row's text loads and resolves to its controller, fix, device, forwarding, driver and workload")
    void rowLoads(MatrixRow row) {
        Scenario s = loader.load(MatrixScenario.sourceName(row), MatrixScenario.yaml(row, settings),
                new MatrixCatalog());

        assertEquals("matrix/" + row.id() + ".yaml", s.source());
        assertEquals(row.controller(), s.platform().controller());
        assertEquals(MatrixSettings.DEFAULT_SEED, s.seed());
        Set<String> fixes = row.variant().kind() == Variant.Kind.FIX ? Set.of(row.variant().label()) : Set.of();
        assertEquals(fixes, s.fixes());
        assertEquals(1, s.devices().size());
        DeviceSpec d = s.devices().get(0);
        GuestFlow f = row.flow();
        assertEquals(f == GuestFlow.EDGE ? "edge-pulse" : "level-status", d.model());
        assertEquals(f == GuestFlow.EDGE ? Trigger.EDGE_RISING : Trigger.LEVEL_HIGH, d.trigger());
        Forwarding expected = row.variant().kind() == Variant.Kind.FORWARDING ? Forwarding.HW_MAPPED
                : f == GuestFlow.EDGE ? Forwarding.IRQFD : Forwarding.IRQFD_RESAMPLE;
        assertEquals(expected, d.forwarding());
        assertEquals(f == GuestFlow.EDGE ? "edge" : "level-fasteoi", d.driver().name());
        DriverFlow flow = switch (f) {
            case EDGE -> DriverFlow.EDGE;
            case LEVEL -> DriverFlow.LEVEL;
            case ONESHOT_THREADED -> DriverFlow.ONESHOT_THREADED;
        };
        assertEquals(flow, d.driver().flow());
        assertEquals(new Workload.Periodic(1_000_000, 2_000_000, 17, 0), d.workload());
        long lastEvent = 1_000_000 + 16 * 2_000_000L;
        assertTrue(s.run().durationNs() > lastEvent, "the run covers the last event at " + lastEvent + "ns");
        assertEquals(MatrixSettings.DEFAULT_DRAIN_NS, s.run().drainNs());
    }

    @Test
    @DisplayName("hw-mapped is a forwarding, not a fix; every other variant but none is written as fix:")
    void variantSpelling() {
        String hw = MatrixScenario.yaml(MatrixTableTest.row(MatrixTableTest.QEMU, "vfio-platform", "gicv3",
                Variant.forwarding(Forwarding.HW_MAPPED), GuestFlow.LEVEL), settings);
        assertTrue(hw.contains("fix: none\n") && hw.contains("forwarding: hw-mapped\n"), hw);
        String fix = MatrixScenario.yaml(MatrixTableTest.row(MatrixTableTest.QEMU, "vfio-platform", "ioapic",
                Variant.fix("resample-on-unmask"), GuestFlow.LEVEL), settings);
        assertTrue(fix.contains("fix: resample-on-unmask\n") && fix.contains("forwarding: irqfd-resample\n"), fix);
        assertTrue(fix.contains("config:\n  virtual-controller: {kvm-version: linux-6.2}\n"), fix);
    }

    @Test
    @DisplayName("a VMM preset is written as platform.vmm and vmm:, and a VMM without VFIO's unmask eventfd gets its "
            + "level rows forwarded with a plain irqfd")
    void vmmPresets() {
        MatrixVmm crosvm = new MatrixVmm("crosvm", "split", java.util.Map.of("irqchip", "split"), true);
        Scenario s = loader.load("m.yaml", MatrixScenario.yaml(MatrixTableTest.row(crosvm, "vfio-platform", "ioapic",
                Variant.NONE, GuestFlow.LEVEL), settings), new MatrixCatalog());
        assertEquals("crosvm", s.platform().vmm());
        assertEquals(Forwarding.IRQFD_RESAMPLE, s.devices().get(0).forwarding());
        MatrixVmm ch = new MatrixVmm("cloud-hypervisor", "split", java.util.Map.of(), false);
        String text = MatrixScenario.yaml(MatrixTableTest.row(ch, "vfio-platform", "ioapic", Variant.NONE,
                GuestFlow.ONESHOT_THREADED), settings);
        Scenario c = loader.load("c.yaml", text, new MatrixCatalog());
        assertEquals("cloud-hypervisor", c.platform().vmm());
        assertEquals(Forwarding.IRQFD, c.devices().get(0).forwarding(), text);
        assertTrue(!text.contains("\nvmm:"), "a preset of the VMM's defaults writes no vmm: section\n" + text);
        String qemu = MatrixScenario.yaml(MatrixTableTest.row(MatrixTableTest.QEMU, "vfio-platform", "ioapic",
                Variant.NONE, GuestFlow.LEVEL), settings);
        assertTrue(!qemu.contains("vmm"), "the default VMM is not written\n" + qemu);
    }

    @Test
    @DisplayName("settings refuse fewer than one event")
    void settingsRefuseNoEvents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixSettings.withEvents(0));
        assertTrue(e.getMessage().contains("events must be at least 1"), e.getMessage());
        assertEquals(200, MatrixSettings.defaults().events());
    }
}
