package dev.irqlab.api.plugin;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;

/** Builds one device model. */
public interface DeviceFactory extends Configurable {

    Device create(DeviceContext context);
}
