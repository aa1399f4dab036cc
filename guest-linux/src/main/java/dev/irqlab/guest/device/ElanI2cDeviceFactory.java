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

    @Override
    public String summary() {
        return "an elan_i2c touchpad: a level interrupt held until the report is read over I2C";
    }

    @Override
    public String source() {
        return "drivers/input/mouse/elan_i2c_core.c";
    }
}
