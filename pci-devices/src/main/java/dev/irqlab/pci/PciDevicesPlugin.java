package dev.irqlab.pci;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.pci.driver.PciIntxDriverFactory;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin {@code pci}: PCI functions that signal INTx and the guest driver for them. Binds
 * DeviceFactory {@code pci-intx} and GuestDriverFactory {@code pci-intx}.
 */
public final class PciDevicesPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "pci";

    public PciDevicesPlugin() {
        super(NAME, "PCI functions signalling INTx (configuration space with Interrupt Disable and Interrupt Status) "
                + "and a guest PCI INTx driver (IRQF_SHARED; plain and ONESHOT threaded)",
                new Capabilities(Map.of(Role.DEVICE, Set.of(PciIntxDeviceFactory.NAME),
                        Role.GUEST_DRIVER, Set.of(PciIntxDriverFactory.NAME)), Set.of(), Set.of(), Set.of()),
                List.of());
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    protected void configure() {
        bindFactory(DeviceFactory.class, PciIntxDeviceFactory.NAME, PciIntxDeviceFactory.class);
        bindFactory(GuestDriverFactory.class, PciIntxDriverFactory.NAME, PciIntxDriverFactory.class);
    }
}
