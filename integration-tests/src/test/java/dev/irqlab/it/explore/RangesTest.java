package dev.irqlab.it.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.plugin.Role;
import dev.irqlab.runtime.scenario.Ranges;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A ranged scenario's choice points, found once, and the scenario a run's values make. */
class RangesTest {

    private final Scenario ranged = ScheduleReplayTest.load("explore/elan-i2c-ranged-x86-resample-on-unmask.yaml");

    @Test
    @DisplayName("one choice point per range, in resolve's order: single-valued roles, then each device's driver")
    void choicePoints() {
        List<Ranges.Point> points = Ranges.choicePoints(ranged, 3).points();
        assertEquals(5, points.size(), points.toString());
        Ranges.Point transfer = points.get(4);
        // both ends first (the low end is the plain run's), then the point between
        assertEquals(List.of(100_000L, 2_000_000L, 1_050_000L), transfer.values());
        assertEquals("devices.touchpad.driver.config.i2c-transfer = 100us", transfer.labels().get(0));
        assertEquals("devices.touchpad.driver.config.i2c-transfer = 2ms", transfer.labels().get(1));
    }

    @Test
    @DisplayName("the values a run takes make the scenario resolve makes; a value per point, no more, no fewer")
    void applyValues() {
        Ranges.Points points = Ranges.choicePoints(ranged, 3);
        assertEquals(Ranges.resolve(ranged, null, 3), Ranges.apply(ranged, points.choose(null)));
        List<Long> high = points.points().stream().map(p -> p.values().get(1)).toList();
        Scenario s = Ranges.apply(ranged, high);
        assertEquals(2_000_000L, s.devices().get(0).driver().config().durationNs("i2c-transfer"));
        assertEquals(200_000L, s.config().get(Role.KERNEL).durationNs("thread-wakeup"));
        assertEquals(20_000L, s.config().get(Role.HYPERVISOR).durationNs("irqfd-inject-latency"));
        assertThrows(IllegalArgumentException.class, () -> Ranges.apply(ranged, high.subList(0, 4)));
        assertThrows(IllegalArgumentException.class, () -> Ranges.apply(ranged, List.of()));
    }
}
