package dev.irqlab.guest.pm;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqPm;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.MessageKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest's suspend-to-idle sequence (kernel/power/suspend.c {@code pm_suspend} →
 * {@code enter_state} → {@code suspend_devices_and_enter} → {@code suspend_enter} →
 * {@code s2idle_loop}), with the PM core's wakeup checks (drivers/base/power/wakeup.c
 * {@code pm_wakeup_pending}) and the interrupt core's part (kernel/irq/pm.c through {@link IrqPm}).
 *
 * <h2>Steps and their virtual-time cost</h2>
 * <ol>
 * <li>{@code pm_suspend}: "PM: suspend entry (s2idle)" ({@code pm.suspend_entry});
 * {@code pm_save_wakeup_count} — the registered-event count is saved and, with
 * {@code check-wakeup-events}, {@code events_check_enabled} is set (userspace such as ChromeOS powerd
 * writes /sys/power/wakeup_count before suspending).</li>
 * <li>after {@code prepare-latency} ({@code suspend_prepare}: notifiers, freezing tasks):
 * {@code dpm_suspend}: the drivers' {@code suspend()} in reverse order of the list (the PM core walks
 * {@code dpm_prepared_list} from its tail), one every {@code device-suspend-latency}; before each,
 * {@code device_suspend} checks {@code pm_wakeup_pending()} and fails with -EBUSY; a driver's callback
 * may end later in virtual time ({@code disable_irq} waits for its irq thread). Any failure:
 * {@code pr_err("Some devices failed to suspend, or early wake event detected\n")}, then
 * {@code dpm_resume_end} resumes the drivers already suspended.</li>
 * <li>{@code dpm_suspend_late}: {@code device_suspend_late} checks {@code pm_wakeup_pending()} again;
 * failure prints "PM: late suspend of devices failed".</li>
 * <li>{@code dpm_suspend_noirq}: {@code suspend_device_irqs()} ({@link IrqPm#suspendDeviceIrqs(Runnable)},
 * which waits for the irq threads); after
 * {@code noirq-latency} {@code s2idle_loop} checks {@code pm_wakeup_pending()} and, if set, breaks out
 * without sleeping (KernelMessage {@code pm.wakeup_abort}); otherwise the guest sleeps
 * ({@code pm.suspend_ok}, "PM: suspend-to-idle") for the requested duration or until an armed wake
 * irq fires ({@code pm_system_irq_wakeup} → {@code s2idle_wake}; the SPI has no such callback, so the
 * model looks at {@link IrqPm#wakeupPending} every {@code wakeup-poll-interval}).</li>
 * <li>resume: "PM: resume from suspend-to-idle", {@code resume_device_irqs()}
 * ({@code dpm_resume_noirq}), the drivers' {@code resume()} in list order one every
 * {@code device-resume-latency} ({@code dpm_resume}), "PM: suspend exit" ({@code pm.suspend_exit}).</li>
 * </ol>
 *
 * <h2>pm_wakeup_pending</h2>
 * True when {@code events_check_enabled} and a wakeup source registered an event since the saved
 * count (then it prints "PM: Wakeup pending, aborting suspend" and "PM: last active wakeup source:
 * %s", both {@code pm_pr_dbg}, and clears {@code events_check_enabled}), or when an armed wake irq
 * fired ({@code pm_abort_suspend}, set by {@code pm_system_irq_wakeup}, which printed
 * "PM: Triggering wakeup from IRQ %d"). Mainline prints no "Abort: ..." line; that text comes from
 * Android's wakeup_reason.c and is not modelled.
 */
public final class LinuxSystemSleep implements SystemSleep {

    public static final String SUSPEND_ENTRY = "pm.suspend_entry";
    public static final String SUSPEND_OK = "pm.suspend_ok";
    public static final String WAKEUP_ABORT = "pm.wakeup_abort";
    public static final String SUSPEND_FAILED = "pm.suspend_failed";
    public static final String WAKEUP_IRQ = "pm.wakeup_irq";
    public static final String RESUME = "pm.resume";
    public static final String SUSPEND_EXIT = "pm.suspend_exit";
    public static final String BUSY = "pm.suspend_busy";

    /** Where the sequence stands. */
    public enum State { RUNNING, SUSPENDING, SUSPENDED, RESUMING }

    private final Sim sim;
    private final String name;
    private final IrqPm irqPm;
    private final List<GuestDriver> drivers;
    private final long prepareLatency;
    private final long deviceSuspendLatency;
    private final long noirqLatency;
    private final long deviceResumeLatency;
    private final long pollInterval;
    private final boolean checkWakeupEvents;
    /** The keys of the messages it prints, under the kernel's name. */
    private final MessageKeys messageKeys;

    private State state = State.RUNNING;
    private boolean eventsCheckEnabled;
    private long savedCount;
    private int lastError;
    private int attempts;

    public LinuxSystemSleep(Sim sim, String name, IrqCore kernel, List<GuestDriver> drivers, Config config) {
        this.sim = sim;
        this.name = name;
        this.irqPm = kernel.pm();
        this.drivers = List.copyOf(drivers);
        this.prepareLatency = config.durationNs(LinuxSystemSleepFactory.PREPARE_LATENCY);
        this.deviceSuspendLatency = config.durationNs(LinuxSystemSleepFactory.DEVICE_SUSPEND_LATENCY);
        this.noirqLatency = config.durationNs(LinuxSystemSleepFactory.NOIRQ_LATENCY);
        this.deviceResumeLatency = config.durationNs(LinuxSystemSleepFactory.DEVICE_RESUME_LATENCY);
        this.pollInterval = config.durationNs(LinuxSystemSleepFactory.WAKEUP_POLL_INTERVAL);
        this.checkWakeupEvents = config.flag(LinuxSystemSleepFactory.CHECK_WAKEUP_EVENTS);
        this.messageKeys = new MessageKeys(sim.trace(), sim.trace().name(kernel.name()));
        if (pollInterval <= 0) {
            throw new IllegalArgumentException("configuration key '" + LinuxSystemSleepFactory.WAKEUP_POLL_INTERVAL
                    + "' must be a positive duration");
        }
    }

    public State state() {
        return state;
    }

    /**
     * The error {@code pm_suspend} returns for the last attempt: -EBUSY when a wakeup aborted it while
     * devices were being suspended, a driver's error, else 0 (also when the s2idle loop broke out at
     * once on a pending wakeup: that is not an error in suspend.c).
     */
    public int lastError() {
        return lastError;
    }

    /** {@code pm_suspend(PM_SUSPEND_TO_IDLE)}. */
    @Override
    public void suspend(long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("suspend duration must not be negative: " + durationNs);
        }
        if (state != State.RUNNING) {
            // enter_state: mutex_trylock(&system_transition_mutex) fails -> -EBUSY, nothing printed.
            message(BUSY, "PM: suspend request refused: a system transition is in progress (-EBUSY)");
            return;
        }
        attempts++;
        state = State.SUSPENDING;
        message(SUSPEND_ENTRY, "PM: suspend entry (s2idle)");
        // pm_save_wakeup_count(): remember the registered events, enable the check.
        savedCount = registeredEvents();
        eventsCheckEnabled = checkWakeupEvents;
        List<GuestDriver> order = new ArrayList<>(drivers);
        java.util.Collections.reverse(order);
        sim.scheduler().schedule(prepareLatency, name + " suspend_prepare done",
                () -> dpmSuspend(order, 0, new ArrayList<>(), durationNs));
    }

    /** {@code dpm_suspend}: one {@code device_suspend} per step. */
    private void dpmSuspend(List<GuestDriver> order, int index, List<GuestDriver> suspended, long durationNs) {
        if (index == order.size()) {
            suspendLate(suspended, durationNs);
            return;
        }
        List<String> why = new ArrayList<>();
        if (pmWakeupPending(why)) {
            why.add("PM: Some devices failed to suspend, or early wake event detected");
            abortBeforeNoirq(WAKEUP_ABORT, why, suspended, -Errno.EBUSY);
            return;
        }
        GuestDriver driver = order.get(index);
        driver.suspend(err -> {
            if (err != 0) {
                // pm_dev_err + suspend_devices_and_enter's pr_err
                why.add("PM: Device " + driver.device() + " failed to suspend: error " + err);
                why.add("PM: Some devices failed to suspend, or early wake event detected");
                abortBeforeNoirq(SUSPEND_FAILED, why, suspended, err);
                return;
            }
            suspended.add(driver);
            sim.scheduler().schedule(deviceSuspendLatency, name + " device_suspend " + driver.device(),
                    () -> dpmSuspend(order, index + 1, suspended, durationNs));
        });
    }

    /** {@code dpm_suspend_late}, then {@code dpm_suspend_noirq}. */
    private void suspendLate(List<GuestDriver> suspended, long durationNs) {
        List<String> why = new ArrayList<>();
        if (!suspended.isEmpty() && pmWakeupPending(why)) {
            why.add("PM: late suspend of devices failed");
            abortBeforeNoirq(WAKEUP_ABORT, why, suspended, -Errno.EBUSY);
            return;
        }
        irqPm.suspendDeviceIrqs(() -> sim.scheduler().schedule(noirqLatency, name + " s2idle_loop",
                () -> s2idleLoop(suspended, durationNs)));
    }

    /** {@code s2idle_loop}: break out at once on a pending wakeup, else sleep. */
    private void s2idleLoop(List<GuestDriver> suspended, long durationNs) {
        List<String> why = new ArrayList<>();
        if (pmWakeupPending(why)) {
            // s2idle_loop just breaks out: suspend_enter and pm_suspend return 0, the sleep never happened.
            lastError = 0;
            message(WAKEUP_ABORT, String.join("\n", why));
            resume(suspended);
            return;
        }
        state = State.SUSPENDED;
        message(SUSPEND_OK, "PM: suspend-to-idle");
        long wakeAt = sim.now() + durationNs;
        int attempt = attempts;
        pollWhileAsleep(suspended, wakeAt, attempt);
    }

    private void pollWhileAsleep(List<GuestDriver> suspended, long wakeAt, int attempt) {
        if (state != State.SUSPENDED || attempt != attempts) {
            throw new IllegalStateException(name + ": sleep poll outside its suspend attempt");
        }
        if (irqPm.wakeupPending()) {
            message(WAKEUP_IRQ, "PM: Triggering wakeup from IRQ " + irqPm.wakeupIrq());
            lastError = 0;
            resume(suspended);
            return;
        }
        if (sim.now() >= wakeAt) {
            lastError = 0;
            resume(suspended);
            return;
        }
        long next = Math.min(wakeAt, sim.now() + pollInterval);
        sim.scheduler().scheduleAt(next, name + " s2idle", () -> pollWhileAsleep(suspended, wakeAt, attempt));
    }

    /** {@code dpm_resume_noirq} ({@code resume_device_irqs}), then {@code dpm_resume_end}. */
    private void resume(List<GuestDriver> suspended) {
        state = State.RESUMING;
        message(RESUME, "PM: resume from suspend-to-idle");
        irqPm.resumeDeviceIrqs();
        resumeDrivers(suspended, 0);
    }

    private void abortBeforeNoirq(String key, List<String> lines, List<GuestDriver> suspended, int error) {
        lastError = error;
        state = State.RESUMING;
        message(key, String.join("\n", lines));
        resumeDrivers(suspended, 0);
    }

    /** {@code dpm_resume}: the suspended drivers' {@code resume()}, oldest first. */
    private void resumeDrivers(List<GuestDriver> suspended, int index) {
        if (index == suspended.size()) {
            // pm_suspend: pr_info("suspend exit\n")
            message(SUSPEND_EXIT, "PM: suspend exit");
            state = State.RUNNING;
            return;
        }
        List<GuestDriver> order = new ArrayList<>(suspended);
        java.util.Collections.reverse(order);
        order.get(index).resume();
        sim.scheduler().schedule(deviceResumeLatency, name + " device_resume",
                () -> resumeDrivers(suspended, index + 1));
    }

    /** drivers/base/power/wakeup.c {@code pm_wakeup_pending}; appends what it prints to {@code printed}. */
    private boolean pmWakeupPending(List<String> printed) {
        boolean ret = false;
        if (eventsCheckEnabled) {
            ret = registeredEvents() != savedCount;
            eventsCheckEnabled = !ret;
        }
        if (ret) {
            printed.add("PM: Wakeup pending, aborting suspend");
            String last = lastActiveWakeupSource();
            if (last != null) {
                printed.add("PM: last active wakeup source: " + last);
            }
        }
        boolean irqWakeup = irqPm.wakeupPending();
        if (irqWakeup) {
            printed.add("PM: Triggering wakeup from IRQ " + irqPm.wakeupIrq());
        }
        return ret || irqWakeup;
    }

    private long registeredEvents() {
        long n = 0;
        for (GuestDriver d : drivers) {
            if (d instanceof WakeupSource) {
                n += ((WakeupSource) d).wakeupEventCount();
            }
        }
        return n;
    }

    /** {@code pm_print_active_wakeup_sources}: the source with the latest {@code last_time}. */
    private String lastActiveWakeupSource() {
        WakeupSource last = null;
        for (GuestDriver d : drivers) {
            if (d instanceof WakeupSource) {
                WakeupSource ws = (WakeupSource) d;
                if (ws.lastWakeupEventTime() >= 0
                        && (last == null || ws.lastWakeupEventTime() > last.lastWakeupEventTime())) {
                    last = ws;
                }
            }
        }
        return last == null ? null : last.wakeupSourceName();
    }

    private void message(String key, String text) {
        sim.trace().kernelMessage(sim.now(), messageKeys.key(key), text);
    }
}
