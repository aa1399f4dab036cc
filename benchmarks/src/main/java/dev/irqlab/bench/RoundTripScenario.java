package dev.irqlab.bench;

import java.util.Locale;

/**
 * The scenario text of a full ONESHOT round trip, used by {@link RoundTripBenchmark} and {@link LongRun}:
 * one {@code level-status} device on a level-high host line, forwarded by vfio-platform (automasked)
 * through a KVM irqfd with resample, to a guest driver {@code level-fasteoi} in flow
 * {@code oneshot-threaded} (request_threaded_irq with IRQF_ONESHOT). Each data event walks
 * device assert → host controller → host genirq → vfio automasked handler → trigger eventfd → irqfd →
 * virtual controller → guest genirq (mask, EOI) → thread → device ACK → guest unmask, and the
 * resample → vfio unmask → host enable_irq on the way back.
 *
 * <p>{@code flow} {@code level} is the plain level round trip instead: the driver acknowledges the
 * device in its hard handler ({@code handle_fasteoi_irq} without ONESHOT, no guest mask/unmask).
 *
 * @param stack {@code gicv3} (vgic-v3, host line 40) or {@code ioapic} (kvm-ioapic, host line 10)
 * @param fixed false: {@code fix: none} (the bug: one spurious re-injection per event); true: the
 *              stack's resample-at-unmask fix ({@code vgic-resample-on-enable} / {@code resample-on-unmask}),
 *              so the resample comes after the guest unmask as in the textbook round trip
 */
record RoundTripScenario(String stack, boolean fixed, long events, String flow) {

    /** The ONESHOT round trip (flow {@code oneshot-threaded}). */
    RoundTripScenario(String stack, boolean fixed, long events) {
        this(stack, fixed, events, "oneshot-threaded");
    }

    /** Period between data events: longer than one round trip (bus-latency 200 µs + wake-ups). */
    static final long PERIOD_US = 500;

    RoundTripScenario {
        if (!stack.equals("gicv3") && !stack.equals("ioapic")) {
            throw new IllegalArgumentException("stack must be gicv3 or ioapic, not " + stack);
        }
        if (!flow.equals("oneshot-threaded") && !flow.equals("level")) {
            throw new IllegalArgumentException("flow must be oneshot-threaded or level, not " + flow);
        }
        if (events < 1) {
            throw new IllegalArgumentException("events must be positive");
        }
    }

    String name() {
        return "roundtrip-" + stack + (fixed ? "-fixed" : "-none") + "-" + flow + ".yaml";
    }

    String yaml() {
        boolean gic = stack.equals("gicv3");
        String vic = gic ? "vgic-v3" : "kvm-ioapic";
        String fix = !fixed ? "none" : gic ? "vgic-resample-on-enable" : "resample-on-unmask";
        int line = gic ? 40 : 10;
        // The releases before each fix was merged, as the matrix pins them: kvm-ioapic's default
        // (linux-6.3) contains resample-on-unmask, and vgic-v3's linux-6.19 changes the ack rule.
        String release = gic ? "linux-6.18" : "linux-6.2";
        // the last event at 1ms + (events-1) * period; the run ends one period after it
        long durationUs = 1_000 + events * PERIOD_US;
        return String.format(Locale.ROOT, """
                name: %s round trip on %s, fix %s
                seed: 1
                run: {duration: %dus, drain: 10ms}
                platform:
                  controller: %s
                  virtual-controller: %s
                fix: %s
                config:
                  virtual-controller: {kvm-version: %s}
                devices:
                  - name: dev
                    model: level-status
                    interrupt: {line: %d, trigger: level-high}
                    driver: {name: level-fasteoi, flow: %s}
                    workload: {start: 1ms, period: %dus, count: %d}
                expect:
                  device-events: %d
                  served: %d
                %s""", flow, stack, fix, durationUs, stack, vic, fix, release, line, flow, PERIOD_US, events, events,
                events, flow.equals("level") ? "" : "  spurious: " + (fixed ? "0" : "{min: 1}") + "\n");
    }
}
