package dev.irqlab.guest.device;

import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.tck.DeviceContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The device contract for every device factory of guest-linux, with default configuration. */
class DeviceContractTest {

    @Nested
    @DisplayName("level-status")
    class LevelStatus extends DeviceContract {
        @Override
        protected DeviceFactory deviceFactory() {
            return new LevelStatusDeviceFactory();
        }
    }

    @Nested
    @DisplayName("edge-pulse")
    class EdgePulse extends DeviceContract {
        @Override
        protected DeviceFactory deviceFactory() {
            return new EdgePulseDeviceFactory();
        }
    }

    @Nested
    @DisplayName("elan-i2c")
    class ElanI2c extends DeviceContract {
        @Override
        protected DeviceFactory deviceFactory() {
            return new ElanI2cDeviceFactory();
        }
    }

    @Nested
    @DisplayName("cros-ec")
    class CrosEc extends DeviceContract {
        @Override
        protected DeviceFactory deviceFactory() {
            return new CrosEcDeviceFactory();
        }
    }
}
