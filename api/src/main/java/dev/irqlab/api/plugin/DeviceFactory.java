package dev.irqlab.api.plugin;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.pci.PciIntxPin;
import java.util.Optional;

/** Builds one device model. */
public interface DeviceFactory extends Configurable {

    Device create(DeviceContext context);

    /**
     * For a PCI function with an INTx pin: where its configuration places that pin in the PCI
     * hierarchy, so that the runtime can take its host line and trigger from the host's routing
     * ({@code PhysicalInterruptController.pciHostBridge}) before the device is built, or refuse a line
     * the scenario writes that differs. Empty (the default) for every other device.
     *
     * @throws IllegalArgumentException when {@code config} places it nowhere valid, naming the key
     */
    default Optional<PciIntxPin> pciIntxPin(Config config) {
        return Optional.empty();
    }
}
