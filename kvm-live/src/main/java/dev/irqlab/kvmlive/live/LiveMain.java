package dev.irqlab.kvmlive.live;

import dev.irqlab.kvmlive.host.HostKvm;
import dev.irqlab.kvmlive.sys.KvmDevice;
import java.util.Optional;

/** {@code java ... LiveMain [oneshot|plain] [events] [pin]}: one live run, its steps and counts. */
public final class LiveMain {

    private LiveMain() {
    }

    public static void main(String[] args) {
        boolean oneshot = args.length == 0 || args[0].equals("oneshot");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int pin = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Optional<String> why = KvmDevice.unavailableReason();
        if (why.isPresent()) {
            System.out.println("skipped: " + why.get());
            System.exit(2);
        }
        try (KvmDevice kvm = KvmDevice.open()) {
            LiveResult r = LiveBackend.run(kvm, new LiveBackend.Setup(pin, 0x30, oneshot, events));
            System.out.println(HostKvm.detect().describe() + ", " + (oneshot ? "ONESHOT" : "plain fasteoi") + " level, pin " + pin);
            System.out.println("evt irq  step      state at the exit");
            if (events <= 20) {
                r.steps().forEach(System.out::println);
            }
            System.out.printf("device events %d, guest interrupts %d (spurious %d), resamples %d; %.0f device events/s with"
                    + " the quiet checks; median round trip (assert -> handler done) %.0f us = %.0f round trips/s%n",
                    r.deviceEvents(), r.interrupts(), r.spurious(), r.resamples(), r.deviceEvents() / (r.wallNanos() / 1e9),
                    r.medianRoundTripNanos() / 1e3, 1e9 / Math.max(1, r.medianRoundTripNanos()));
            System.out.println("vCPU stats delta: " + r.stats() + " (idle-loop exits " + r.idleExits() + ", marker exits "
                    + r.markerExits() + ")");
        }
    }
}
