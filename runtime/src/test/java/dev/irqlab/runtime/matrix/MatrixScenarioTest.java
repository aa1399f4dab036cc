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

    static Stream<MatrixRow> rows() {
        return MatrixRow.all().stream();
    }

    @Test
    @DisplayName("the matrix has controller x variant x flow = 3 x 6 x 3 distinct rows, controller-major")
    void allRows() {
        List<MatrixRow> all = MatrixRow.all();
        assertEquals(54, all.size());
        Set<String> ids = new HashSet<>();
        all.forEach(r -> ids.add(r.id()));
        assertEquals(54, ids.size());
        assertEquals(new MatrixRow("gicv2", Variant.NONE, GuestFlow.EDGE), all.get(0));
        assertEquals(new MatrixRow("gicv2", Variant.NONE, GuestFlow.LEVEL), all.get(1));
        assertEquals(new MatrixRow("ioapic", Variant.HW_MAPPED, GuestFlow.ONESHOT_THREADED), all.get(53));
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
        Set<String> fixes = switch (row.variant()) {
            case NONE, HW_MAPPED -> Set.of();
            default -> Set.of(row.variant().label());
        };
        assertEquals(fixes, s.fixes());
        assertEquals(1, s.devices().size());
        DeviceSpec d = s.devices().get(0);
        GuestFlow f = row.flow();
        assertEquals(f == GuestFlow.EDGE ? "edge-pulse" : "level-status", d.model());
        assertEquals(f == GuestFlow.EDGE ? Trigger.EDGE_RISING : Trigger.LEVEL_HIGH, d.trigger());
        Forwarding expected = row.variant() == Variant.HW_MAPPED ? Forwarding.HW_MAPPED
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
        String hw = MatrixScenario.yaml(new MatrixRow("gicv3", Variant.HW_MAPPED, GuestFlow.LEVEL), settings);
        assertTrue(hw.contains("fix: none\n") && hw.contains("forwarding: hw-mapped\n"), hw);
        String fix = MatrixScenario.yaml(new MatrixRow("ioapic", Variant.RESAMPLE_ON_UNMASK, GuestFlow.LEVEL),
                settings);
        assertTrue(fix.contains("fix: resample-on-unmask\n") && fix.contains("forwarding: irqfd-resample\n"), fix);
    }

    @Test
    @DisplayName("settings refuse fewer than one event")
    void settingsRefuseNoEvents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixSettings.withEvents(0));
        assertTrue(e.getMessage().contains("events must be at least 1"), e.getMessage());
        assertEquals(200, MatrixSettings.defaults().events());
    }
}
