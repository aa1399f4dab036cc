package dev.irqlab.guest;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
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
import java.util.List;
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

    @Override
    public String summary() {
        return "the guest kernel's devices, drivers (edge, level, ONESHOT threaded, elan_i2c, cros_ec) and system suspend";
    }

    @Override
    public List<MessageKey> messages() {
        return List.of(
                new MessageKey("driver.request_irq_failed",
                        "a guest driver's request_irq failed at probe",
                        "drivers/base/dd.c: really_probe; kernel/irq/manage.c: request_threaded_irq"),
                new MessageKey("elan_i2c.invalid_report",
                        "the elan_i2c irq thread read a report that is not a touch (the stale re-injection)",
                        "drivers/input/mouse/elan_i2c_core.c: elan_isr \"invalid report id data\""),
                new MessageKey("device.unknown_register",
                        "a driver accessed a register the device model does not have",
                        "the device model"),
                new MessageKey("pm.suspend_entry",
                        "a system suspend (s2idle) starts",
                        "kernel/power/suspend.c: enter_state \"PM: suspend entry\""),
                new MessageKey("pm.suspend_ok",
                        "the system reached suspend-to-idle",
                        "kernel/power/suspend.c: s2idle_enter \"PM: suspend-to-idle\""),
                new MessageKey("pm.wakeup_abort",
                        "a wakeup event was pending: the suspend is aborted",
                        "kernel/power/suspend.c: suspend_enter; drivers/base/power/wakeup.c: pm_wakeup_pending"),
                new MessageKey("pm.suspend_failed",
                        "a driver's suspend callback failed",
                        "drivers/base/power/main.c: dpm_suspend"),
                new MessageKey("pm.wakeup_irq",
                        "a wake irq woke the system from suspend-to-idle",
                        "drivers/base/power/wakeup.c: pm_system_irq_wakeup \"Triggering wakeup from IRQ\""),
                new MessageKey("pm.resume",
                        "the system resumes from suspend-to-idle",
                        "kernel/power/suspend.c: suspend_enter"),
                new MessageKey("pm.suspend_exit",
                        "the suspend sequence ends",
                        "kernel/power/suspend.c: enter_state \"PM: suspend exit\""),
                new MessageKey("pm.suspend_busy",
                        "a suspend request during a system transition is refused (-EBUSY)",
                        "kernel/power/suspend.c: pm_suspend"));
    }
}
