package dev.irqlab.kvmlive.live;

import dev.irqlab.kvmlive.host.HostKvm;
import java.util.List;
import java.util.Map;

/**
 * What a live run observed.
 *
 * @param host          kernel version and KVM flavour it ran on
 * @param deviceEvents  device assertions
 * @param interrupts    guest interrupts taken (handler entries)
 * @param spurious      interrupts taken while the device had nothing asserted
 * @param resamples     resamplefd signals the host read
 * @param steps         every guest step with the state at it
 * @param stats         vCPU statistics deltas over the workload ({@code KVM_GET_STATS_FD}), non-zero ones
 * @param idleExits     the idle loop's own exits (included in {@code stats})
 * @param markerExits   the handler's marker exits (included in {@code stats})
 * @param wallNanos     wall time of the workload, with the quiet checks between device events
 * @param medianRoundTripNanos median wall time from the device's assertion to the end of the first guest handler
 */
public record LiveResult(HostKvm host, int deviceEvents, int interrupts, int spurious, int resamples, List<LiveStep> steps,
                         Map<String, Long> stats, long idleExits, long markerExits, long wallNanos,
                         long medianRoundTripNanos) {

    public LiveResult {
        steps = List.copyOf(steps);
        stats = Map.copyOf(stats);
    }
}
