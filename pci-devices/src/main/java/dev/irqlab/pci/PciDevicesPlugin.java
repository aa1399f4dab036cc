package dev.irqlab.pci;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import dev.irqlab.pci.driver.PciIntxDriverFactory;
import java.util.Map;
import java.util.Set;

/**
 * Plugin {@code pci}: PCI functions that signal INTx and the guest driver for them. Binds
 * DeviceFactory {@code pci-intx} and GuestDriverFactory {@code pci-intx}.
 */
public final class PciDevicesPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "pci";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.DEVICE, Set.of(PciIntxDeviceFactory.NAME),
                Role.GUEST_DRIVER, Set.of(PciIntxDriverFactory.NAME)), Set.of(), Set.of(), Set.of());
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, DeviceFactory.class)
                .addBinding(PciIntxDeviceFactory.NAME).toInstance(new PciIntxDeviceFactory());
        MapBinder.newMapBinder(binder(), String.class, GuestDriverFactory.class)
                .addBinding(PciIntxDriverFactory.NAME).toInstance(new PciIntxDriverFactory());
    }

    @Override
    public String summary() {
        return "PCI functions signalling INTx (configuration space with Interrupt Disable and Interrupt Status) "
                + "and a guest PCI INTx driver (IRQF_SHARED; plain and ONESHOT threaded)";
    }
}
