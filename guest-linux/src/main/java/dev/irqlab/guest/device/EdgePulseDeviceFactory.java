package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.DeviceFactory;
import java.util.List;

/** Builds {@link EdgePulseDevice}s: device name {@code edge-pulse}. */
public final class EdgePulseDeviceFactory implements DeviceFactory {

    public static final String NAME = "edge-pulse";
    public static final String PULSE_WIDTH = "pulse-width";

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.duration(PULSE_WIDTH, 0,
                "how long each interrupt pulse stays at the asserted level (0 = high then low at the same instant)"));
    }

    @Override
    public Device create(DeviceContext context) {
        return new EdgePulseDevice(context);
    }

    @Override
    public String summary() {
        return "an edge-signalling device: one pulse per data event, events kept in a FIFO until read";
    }

    @Override
    public String source() {
        return "the device model (STATUS/DATA registers)";
    }
}
