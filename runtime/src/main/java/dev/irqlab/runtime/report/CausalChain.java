package dev.irqlab.runtime.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The causal chain of a spurious re-injection in one round trip, as the timeline highlights it:
 * guest EOI (virtual controller) → resample (KVM/irqfd) → host unmask (VFIO) → re-fire (host
 * controller) → stale injection (virtual controller) → guest flow (guest genirq) → the driver finding
 * nothing. Found backwards from the driver's spurious outcome: each step is the latest event of its
 * lane before the step after it. A step whose lane has no such event is left out (a fix or a VMM
 * that does not take that path); the chain is the trace's order, not a proof of causation.
 */
final class CausalChain {

    /** The chain's lanes and step names, from the end backwards. */
    private static final int[] LANES = {Lanes.GUEST_GENIRQ, Lanes.VIRTUAL_CONTROLLER, Lanes.HOST_CONTROLLER,
        Lanes.VFIO, Lanes.KVM, Lanes.VIRTUAL_CONTROLLER};
    private static final String[] STEPS = {"guest flow", "stale injection", "re-fire", "host unmask", "resample",
        "guest EOI"};

    /** One step: the index of its event in the round trip and its name. */
    record Step(int index, String name) {
    }

    private CausalChain() {
    }

    /** The chain ending at the first spurious driver outcome, in time order; empty when there is none. */
    static List<Step> of(List<Lanes.Placed> events) {
        int end = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).event() instanceof dev.irqlab.api.trace.TraceEvent.DriverOutcome o && o.spurious()) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(end, "found nothing"));
        int at = end;
        for (int s = 0; s < LANES.length; s++) {
            for (int i = at - 1; i >= 0; i--) {
                if (events.get(i).lane() == LANES[s]) {
                    steps.add(new Step(i, STEPS[s]));
                    at = i;
                    break;
                }
            }
        }
        Collections.reverse(steps);
        return List.copyOf(steps);
    }
}
