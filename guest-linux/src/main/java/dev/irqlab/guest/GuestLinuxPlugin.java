package dev.irqlab.guest;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.guest.device.CrosEcDeviceFactory;
import dev.irqlab.guest.device.EdgePulseDeviceFactory;
import dev.irqlab.guest.device.ElanI2cDeviceFactory;
import dev.irqlab.guest.device.LevelStatusDeviceFactory;
import dev.irqlab.guest.driver.CrosEcDriverFactory;
import dev.irqlab.guest.driver.EdgeDriverFactory;
import dev.irqlab.guest.driver.ElanI2cDriverFactory;
import dev.irqlab.guest.driver.LevelFasteoiDriverFactory;
import dev.irqlab.guest.driver.MissingDriverFactory;
import dev.irqlab.guest.driver.UnclaimedDriverFactory;
import dev.irqlab.guest.pm.LinuxSystemSleepFactory;
import java.util.Map;
import java.util.Set;

/**
 * Plugin {@code guest-linux}: the guest kernel's devices, drivers and system suspend.
 * Binds DeviceFactory {@code level-status}, {@code edge-pulse}, {@code elan-i2c}, {@code cros-ec};
 * GuestDriverFactory {@code level-fasteoi}, {@code edge}, {@code elan_i2c}, {@code cros_ec},
 * {@code missing}, {@code unclaimed}; SystemSleepFactory {@code linux}.
 */
public final class GuestLinuxPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "guest-linux";

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
        return new Capabilities(Map.of(
                Role.DEVICE, Set.of(LevelStatusDeviceFactory.NAME, EdgePulseDeviceFactory.NAME,
                        ElanI2cDeviceFactory.NAME, CrosEcDeviceFactory.NAME),
                Role.GUEST_DRIVER, Set.of(LevelFasteoiDriverFactory.NAME, EdgeDriverFactory.NAME,
                        ElanI2cDriverFactory.NAME, CrosEcDriverFactory.NAME, MissingDriverFactory.NAME,
                        UnclaimedDriverFactory.NAME),
                Role.SYSTEM_SLEEP, Set.of(LinuxSystemSleepFactory.NAME)),
                Set.of(), Set.of(), Set.of());
    }

    @Override
    protected void configure() {
        MapBinder<String, DeviceFactory> devices = MapBinder.newMapBinder(binder(), String.class, DeviceFactory.class);
        devices.addBinding(LevelStatusDeviceFactory.NAME).toInstance(new LevelStatusDeviceFactory());
        devices.addBinding(EdgePulseDeviceFactory.NAME).toInstance(new EdgePulseDeviceFactory());
        devices.addBinding(ElanI2cDeviceFactory.NAME).toInstance(new ElanI2cDeviceFactory());
        devices.addBinding(CrosEcDeviceFactory.NAME).toInstance(new CrosEcDeviceFactory());

        MapBinder<String, GuestDriverFactory> drivers =
                MapBinder.newMapBinder(binder(), String.class, GuestDriverFactory.class);
        drivers.addBinding(LevelFasteoiDriverFactory.NAME).toInstance(new LevelFasteoiDriverFactory());
        drivers.addBinding(EdgeDriverFactory.NAME).toInstance(new EdgeDriverFactory());
        drivers.addBinding(ElanI2cDriverFactory.NAME).toInstance(new ElanI2cDriverFactory());
        drivers.addBinding(CrosEcDriverFactory.NAME).toInstance(new CrosEcDriverFactory());
        drivers.addBinding(MissingDriverFactory.NAME).toInstance(new MissingDriverFactory());
        drivers.addBinding(UnclaimedDriverFactory.NAME).toInstance(new UnclaimedDriverFactory());

        MapBinder.newMapBinder(binder(), String.class, SystemSleepFactory.class)
                .addBinding(LinuxSystemSleepFactory.NAME).toInstance(new LinuxSystemSleepFactory());
    }
}
