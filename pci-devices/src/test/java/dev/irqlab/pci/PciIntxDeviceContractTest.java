package dev.irqlab.pci;

import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.tck.DeviceContract;

/** The device contract for DeviceFactory "pci-intx". */
class PciIntxDeviceContractTest extends DeviceContract {

    @Override
    protected DeviceFactory deviceFactory() {
        return new PciIntxDeviceFactory();
    }
}
