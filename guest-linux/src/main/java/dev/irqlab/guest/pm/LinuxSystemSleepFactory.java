package dev.irqlab.guest.pm;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.api.sim.Sim;
import java.util.List;

/** Builds {@link LinuxSystemSleep}: system-sleep name {@code linux}. */
public final class LinuxSystemSleepFactory implements SystemSleepFactory {

    public static final String NAME = "linux";
    public static final String PREPARE_LATENCY = "prepare-latency";
    public static final String DEVICE_SUSPEND_LATENCY = "device-suspend-latency";
    public static final String NOIRQ_LATENCY = "noirq-latency";
    public static final String DEVICE_RESUME_LATENCY = "device-resume-latency";
    public static final String WAKEUP_POLL_INTERVAL = "wakeup-poll-interval";
    public static final String CHECK_WAKEUP_EVENTS = "check-wakeup-events";

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.duration(PREPARE_LATENCY, 1_000_000,
                        "suspend_prepare: PM notifiers and freezing tasks, before the devices are suspended")
                        .withSource("kernel/power/suspend.c: suspend_prepare"),
                ConfigKey.duration(DEVICE_SUSPEND_LATENCY, 100_000, "time of one driver's suspend callback")
                        .withSource("drivers/base/power/main.c: dpm_suspend"),
                ConfigKey.duration(NOIRQ_LATENCY, 100_000,
                        "from suspend_device_irqs to the s2idle loop's pm_wakeup_pending check")
                        .withSource("kernel/power/suspend.c: suspend_enter; kernel/irq/pm.c: suspend_device_irqs"),
                ConfigKey.duration(DEVICE_RESUME_LATENCY, 100_000, "time of one driver's resume callback")
                        .withSource("drivers/base/power/main.c: dpm_resume"),
                new ConfigKey(WAKEUP_POLL_INTERVAL, dev.irqlab.api.plugin.ConfigType.DURATION, 1_000_000L,
                        "while asleep, how often the model looks for a wake irq (no s2idle_wake callback in the SPI)",
                        List.of(), 1, Long.MAX_VALUE),
                ConfigKey.flag(CHECK_WAKEUP_EVENTS, true,
                        "events_check_enabled: userspace saved /sys/power/wakeup_count, so registered wakeup "
                                + "events abort the suspend (not only wake irqs)")
                        .withSource("drivers/base/power/wakeup.c: pm_wakeup_pending (events_check_enabled)"));
    }

    @Override
    public SystemSleep create(Sim sim, String name, IrqCore kernel, List<GuestDriver> drivers, Config config) {
        return new LinuxSystemSleep(sim, name, kernel, drivers, config);
    }

    @Override
    public String summary() {
        return "guest system suspend to idle (s2idle): device suspend, suspend_device_irqs, wake irqs, resume";
    }

    @Override
    public String source() {
        return "kernel/power/suspend.c; kernel/irq/pm.c";
    }
}
