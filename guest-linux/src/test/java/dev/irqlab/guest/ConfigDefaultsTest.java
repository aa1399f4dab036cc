package dev.irqlab.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigType;
import dev.irqlab.guest.device.CrosEcDeviceFactory;
import dev.irqlab.guest.device.EdgePulseDeviceFactory;
import dev.irqlab.guest.device.ElanI2cDeviceFactory;
import dev.irqlab.guest.device.LevelStatusDeviceFactory;
import dev.irqlab.guest.driver.CrosEcDriverFactory;
import dev.irqlab.guest.driver.EdgeDriverFactory;
import dev.irqlab.guest.driver.ElanI2cDriverFactory;
import dev.irqlab.guest.driver.LevelFasteoiDriverFactory;
import dev.irqlab.guest.driver.MissingDriverFactory;
import dev.irqlab.guest.driver.UnclaimedDriverFactory;
import dev.irqlab.guest.pm.LinuxSystemSleepFactory;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins every configuration key name, type and default of the module's factories. */
class ConfigDefaultsTest {

    @Test
    @DisplayName("device factories: level-status reassert-delay 0, edge-pulse pulse-width 0, elan-i2c and cros-ec none")
    void devices() {
        assertEquals(Map.of("reassert-delay", 0L), Config.defaults(new LevelStatusDeviceFactory().schema()).values());
        assertEquals(Map.of("pulse-width", 0L), Config.defaults(new EdgePulseDeviceFactory().schema()).values());
        assertTrue(new ElanI2cDeviceFactory().schema().isEmpty());
        assertTrue(new CrosEcDeviceFactory().schema().isEmpty());
        assertEquals(ConfigType.DURATION, new LevelStatusDeviceFactory().schema().get(0).type());
        assertEquals(ConfigType.DURATION, new EdgePulseDeviceFactory().schema().get(0).type());
    }

    @Test
    @DisplayName("driver factories: bus-latency 200us, i2c-transfer 500us, ec-command-latency 300us, mkbp on")
    void drivers() {
        assertEquals(Map.of("bus-latency", 200_000L),
                Config.defaults(new LevelFasteoiDriverFactory().schema()).values());
        assertEquals(Map.of("i2c-transfer", 500_000L), Config.defaults(new ElanI2cDriverFactory().schema()).values());
        assertEquals(Map.of("ec-command-latency", 300_000L, "mkbp-event-supported", true),
                Config.defaults(new CrosEcDriverFactory().schema()).values());
        assertTrue(new EdgeDriverFactory().schema().isEmpty());
        assertTrue(new MissingDriverFactory().schema().isEmpty());
        assertTrue(new UnclaimedDriverFactory().schema().isEmpty());
    }

    @Test
    @DisplayName("system sleep linux: the latencies of suspend_prepare, device callbacks, noirq, polling; events check on")
    void systemSleep() {
        assertEquals(Map.of(
                        "prepare-latency", 1_000_000L,
                        "device-suspend-latency", 100_000L,
                        "noirq-latency", 100_000L,
                        "device-resume-latency", 100_000L,
                        "wakeup-poll-interval", 1_000_000L,
                        "check-wakeup-events", true),
                Config.defaults(new LinuxSystemSleepFactory().schema()).values());
    }
}
