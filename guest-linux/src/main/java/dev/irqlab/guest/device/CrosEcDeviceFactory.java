package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.plugin.DeviceFactory;

/** Builds {@link CrosEcDevice}s: device name {@code cros-ec}; no configuration. */
public final class CrosEcDeviceFactory implements DeviceFactory {

    public static final String NAME = "cros-ec";

    @Override
    public Device create(DeviceContext context) {
        return new CrosEcDevice(context);
    }

    @Override
    public String summary() {
        return "a ChromeOS embedded controller: a level interrupt while its MKBP event queue is not empty";
    }

    @Override
    public String source() {
        return "drivers/platform/chrome/cros_ec.c";
    }
}
