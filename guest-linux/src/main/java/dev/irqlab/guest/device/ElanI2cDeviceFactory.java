package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.plugin.DeviceFactory;

/** Builds {@link ElanI2cDevice}s: device name {@code elan-i2c}; no configuration. */
public final class ElanI2cDeviceFactory implements DeviceFactory {

    public static final String NAME = "elan-i2c";

    @Override
    public Device create(DeviceContext context) {
        return new ElanI2cDevice(context);
    }
}
