package dev.irqlab.api.plugin;

import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.Vfio;

/** Builds the forwarder for one assigned device. */
public interface ForwarderFactory extends Configurable {

    Forwarder create(ForwarderContext context);

    /**
     * The bus of the devices its forwarders bind, as {@code VFIO_DEVICE_GET_INFO} reports it:
     * {@link Vfio#DEVICE_FLAGS_PLATFORM} (the default; one irq index per platform irq) or
     * {@link Vfio#DEVICE_FLAGS_PCI} (one PCI function, {@link ForwarderContext#device()} a
     * {@link dev.irqlab.api.pci.PciFunction}, one INTx host irq).
     */
    default int deviceFlags() {
        return Vfio.DEVICE_FLAGS_PLATFORM;
    }
}
