package dev.irqlab.guest.pm;

/**
 * A device's {@code struct wakeup_source} (drivers/base/power/wakeup.c) as the system-sleep model
 * reads it: drivers that call {@code pm_wakeup_event(dev, 0)} implement this so that
 * {@code pm_wakeup_pending()} can see the registered events and name the last active source.
 *
 * <p>With {@code msec == 0}, {@code pm_wakeup_ws_event} reports the event and deactivates the source
 * at once ({@code wakeup_source_deactivate}), which adds one to the registered-events counter and
 * sets {@code last_time}; the source is never left active.
 */
public interface WakeupSource {

    /** {@code ws->name}: the device name. */
    String wakeupSourceName();

    /** {@code ws->event_count}: wakeup events reported so far. */
    long wakeupEventCount();

    /** {@code ws->last_time} in virtual ns, or -1 if never active. */
    long lastWakeupEventTime();
}
