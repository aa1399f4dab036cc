package dev.irqlab.guest;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
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
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin {@code guest-linux}: the guest kernel's devices, drivers and system suspend.
 * Binds DeviceFactory {@code level-status}, {@code edge-pulse}, {@code elan-i2c}, {@code cros-ec};
 * GuestDriverFactory {@code level-fasteoi}, {@code edge}, {@code elan_i2c}, {@code cros_ec},
 * {@code missing}, {@code unclaimed}; SystemSleepFactory {@code linux}.
 */
public final class GuestLinuxPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "guest-linux";

    private static final List<MessageKey> MESSAGES = List.of(
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

    public GuestLinuxPlugin() {
        super(NAME, "the guest kernel's devices, drivers (edge, level, ONESHOT threaded, elan_i2c, cros_ec) and system suspend",
                new Capabilities(Map.of(
                        Role.DEVICE, Set.of(LevelStatusDeviceFactory.NAME, EdgePulseDeviceFactory.NAME,
                                ElanI2cDeviceFactory.NAME, CrosEcDeviceFactory.NAME),
                        Role.GUEST_DRIVER, Set.of(LevelFasteoiDriverFactory.NAME, EdgeDriverFactory.NAME,
                                ElanI2cDriverFactory.NAME, CrosEcDriverFactory.NAME, MissingDriverFactory.NAME,
                                UnclaimedDriverFactory.NAME),
                        Role.SYSTEM_SLEEP, Set.of(LinuxSystemSleepFactory.NAME)),
                        Set.of(), Set.of(), Set.of()),
                MESSAGES);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    protected void configure() {
        bindFactory(DeviceFactory.class, LevelStatusDeviceFactory.NAME, LevelStatusDeviceFactory.class);
        bindFactory(DeviceFactory.class, EdgePulseDeviceFactory.NAME, EdgePulseDeviceFactory.class);
        bindFactory(DeviceFactory.class, ElanI2cDeviceFactory.NAME, ElanI2cDeviceFactory.class);
        bindFactory(DeviceFactory.class, CrosEcDeviceFactory.NAME, CrosEcDeviceFactory.class);

        bindFactory(GuestDriverFactory.class, LevelFasteoiDriverFactory.NAME, LevelFasteoiDriverFactory.class);
        bindFactory(GuestDriverFactory.class, EdgeDriverFactory.NAME, EdgeDriverFactory.class);
        bindFactory(GuestDriverFactory.class, ElanI2cDriverFactory.NAME, ElanI2cDriverFactory.class);
        bindFactory(GuestDriverFactory.class, CrosEcDriverFactory.NAME, CrosEcDriverFactory.class);
        bindFactory(GuestDriverFactory.class, MissingDriverFactory.NAME, MissingDriverFactory.class);
        bindFactory(GuestDriverFactory.class, UnclaimedDriverFactory.NAME, UnclaimedDriverFactory.class);

        bindFactory(SystemSleepFactory.class, LinuxSystemSleepFactory.NAME, LinuxSystemSleepFactory.class);
    }
}
