package dev.irqlab.guest.pm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.testing.Contexts;
import dev.irqlab.guest.testing.RecordingIrqCore;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Pins kernel/power/suspend.c (suspend_devices_and_enter, suspend_enter, s2idle_loop) and wakeup.c pm_wakeup_pending. */
class LinuxSystemSleepTest {

    private final SimHarness h = new SimHarness();
    private final RecordingIrqCore kernel = new RecordingIrqCore("guest");
    private final List<String> log = new ArrayList<>();

    /** A driver that logs its PM callbacks and can register wakeup events. */
    private final class TestDriver implements GuestDriver, WakeupSource {
        final String dev;
        long events;
        long last = -1;
        int suspendResult;

        TestDriver(String dev) {
            this.dev = dev;
        }

        void wakeupEvent() {
            events++;
            last = h.now();
        }

        @Override
        public String name() {
            return "drv-" + dev;
        }

        @Override
        public String device() {
            return dev;
        }

        @Override
        public int probe() {
            return 0;
        }

        @Override
        public int suspend() {
            log.add("suspend " + dev);
            return suspendResult;
        }

        @Override
        public void resume() {
            log.add("resume " + dev);
        }

        @Override
        public String wakeupSourceName() {
            return dev;
        }

        @Override
        public long wakeupEventCount() {
            return events;
        }

        @Override
        public long lastWakeupEventTime() {
            return last;
        }
    }

    private final TestDriver a = new TestDriver("a");
    private final TestDriver b = new TestDriver("b");

    private LinuxSystemSleep sleep(Object... config) {
        LinuxSystemSleepFactory f = new LinuxSystemSleepFactory();
        return (LinuxSystemSleep) f.create(h.sim(), "guest-pm", kernel, List.of(a, b), Contexts.config(f, config));
    }

    private List<String> keys() {
        return h.trace().of(TraceEvent.KernelMessage.class).stream().map(TraceEvent.KernelMessage::key).toList();
    }

    @Test
    @DisplayName("success: devices suspended in reverse order, irqs suspended, asleep for the duration, resumed in order")
    void success() {
        LinuxSystemSleep s = sleep();
        s.suspend(SimHarness.ms(10));
        h.runToIdle(100_000);
        assertEquals(List.of("pm.suspend_entry", "pm.suspend_ok", "pm.resume", "pm.suspend_exit"), keys());
        assertEquals(List.of("suspend b", "suspend a", "resume a", "resume b"), log);
        assertEquals(List.of("suspend_device_irqs", "resume_device_irqs"), kernel.calls());
        // prepare 1ms + 2 devices x 100us + noirq 100us, then 10ms asleep
        TraceEvent.KernelMessage ok = h.trace().messages("pm.suspend_ok").get(0);
        assertEquals(SimHarness.us(1_300), ok.time());
        assertEquals("PM: suspend-to-idle", ok.text());
        assertEquals(SimHarness.us(11_300), h.trace().messages("pm.resume").get(0).time());
        assertEquals("PM: suspend exit", h.trace().messages("pm.suspend_exit").get(0).text());
        assertEquals(0, s.lastError());
        assertEquals(LinuxSystemSleep.State.RUNNING, s.state());
    }

    @Test
    @DisplayName("a wake irq firing between suspend_device_irqs and the s2idle check aborts before sleeping")
    void irqWakeupAbort() {
        kernel.recordingPm().onSuspendDeviceIrqs(() -> kernel.recordingPm().wakeIrqFired(42));
        sleep().suspend(SimHarness.ms(10));
        h.runToIdle(100_000);
        assertEquals(List.of("pm.suspend_entry", "pm.wakeup_abort", "pm.resume", "pm.suspend_exit"), keys());
        assertEquals("PM: Triggering wakeup from IRQ 42", h.trace().messages("pm.wakeup_abort").get(0).text());
        assertEquals(List.of("suspend_device_irqs", "resume_device_irqs"), kernel.calls());
        assertEquals(List.of("suspend b", "suspend a", "resume a", "resume b"), log);
    }

    @Test
    @DisplayName("a wakeup event registered while devices suspend: \"Wakeup pending, aborting suspend\", -EBUSY, no irq suspend")
    void wakeupEventDuringDpmSuspend() {
        LinuxSystemSleep s = sleep();
        s.suspend(SimHarness.ms(10));
        h.runFor(SimHarness.us(1_050)); // b suspended at 1ms; a is next at 1.1ms
        b.wakeupEvent();
        h.runToIdle(100_000);
        List<TraceEvent.KernelMessage> abort = h.trace().messages("pm.wakeup_abort");
        assertEquals(1, abort.size());
        assertEquals("PM: Wakeup pending, aborting suspend\n"
                + "PM: last active wakeup source: b\n"
                + "PM: Some devices failed to suspend, or early wake event detected", abort.get(0).text());
        assertEquals(List.of("suspend b", "resume b"), log);
        assertTrue(kernel.calls().isEmpty(), "never reached suspend_device_irqs");
        assertEquals(-Errno.EBUSY, s.lastError());
    }

    @Test
    @DisplayName("check-wakeup-events=false: registered events do not abort (events_check_enabled off)")
    void eventsCheckDisabled() {
        sleep(LinuxSystemSleepFactory.CHECK_WAKEUP_EVENTS, false).suspend(SimHarness.ms(1));
        h.runFor(SimHarness.us(1_050));
        b.wakeupEvent();
        h.runToIdle(100_000);
        assertTrue(h.trace().messages("pm.wakeup_abort").isEmpty());
        assertEquals(1, h.trace().messages("pm.suspend_ok").size());
    }

    @Test
    @DisplayName("a wake irq while asleep ends the sleep early (within one poll interval)")
    void earlyWake() {
        sleep().suspend(SimHarness.ms(100));
        h.runFor(SimHarness.ms(5));
        kernel.recordingPm().wakeIrqFired(42);
        h.runToIdle(100_000);
        TraceEvent.KernelMessage wake = h.trace().messages("pm.wakeup_irq").get(0);
        assertEquals("PM: Triggering wakeup from IRQ 42", wake.text());
        assertTrue(wake.time() <= SimHarness.ms(6), "woken within 1ms poll interval: " + wake.time());
        assertTrue(h.trace().messages("pm.resume").get(0).time() < SimHarness.ms(100));
        assertTrue(h.trace().messages("pm.wakeup_abort").isEmpty());
    }

    @Test
    @DisplayName("a driver suspend error aborts with suspend.c's message and resumes the drivers already suspended")
    void driverError() {
        a.suspendResult = -Errno.EAGAIN;
        LinuxSystemSleep s = sleep();
        s.suspend(SimHarness.ms(1));
        h.runToIdle(100_000);
        assertEquals(List.of("pm.suspend_entry", "pm.suspend_failed", "pm.suspend_exit"), keys());
        assertTrue(h.trace().messages("pm.suspend_failed").get(0).text()
                .endsWith("PM: Some devices failed to suspend, or early wake event detected"));
        assertEquals(List.of("suspend b", "suspend a", "resume b"), log);
        assertEquals(-Errno.EAGAIN, s.lastError());
    }

    @Test
    @DisplayName("a second request during a transition is refused (system_transition_mutex)")
    void busy() {
        LinuxSystemSleep s = sleep();
        s.suspend(SimHarness.ms(1));
        s.suspend(SimHarness.ms(1));
        assertEquals(1, h.trace().messages("pm.suspend_busy").size());
        h.runToIdle(100_000);
        assertEquals(1, h.trace().messages("pm.suspend_entry").size());
    }
}
