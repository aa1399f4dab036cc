package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.DeviceFactory;
import java.util.List;

/** Builds {@link LevelStatusDevice}s: device name {@code level-status}. */
public final class LevelStatusDeviceFactory implements DeviceFactory {

    public static final String NAME = "level-status";
    public static final String REASSERT_DELAY = "reassert-delay";

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.duration(REASSERT_DELAY, 0,
                "after an acknowledgement, hold the line idle this long; data arriving meanwhile re-asserts it "
                        + "when the hold-off ends (0 = none)"));
    }

    @Override
    public Device create(DeviceContext context) {
        return new LevelStatusDevice(context);
    }

    @Override
    public String summary() {
        return "a level-signalling device: the line is asserted while unacknowledged data is pending (STATUS/ACK registers)";
    }

    @Override
    public String source() {
        return "the device model (STATUS/ACK registers)";
    }
}
