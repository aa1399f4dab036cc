package dev.irqlab.runtime.report;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The causal chain of a spurious re-injection in one round trip, as the timeline highlights it:
 * guest EOI → resample → host unmask → re-fire → stale injection → guest flow → the driver finding
 * nothing. Found backwards from the driver's spurious outcome, each step by what it is (its event
 * kind, field and cause), each the latest such event before the step it causes:
 *
 * <ol>
 * <li><b>found nothing</b>: the first {@code DriverOutcome} with no event served;</li>
 * <li><b>guest flow</b>: the guest flow handler that ran the driver: for a thread, the last
 * {@code IrqFlow} of that guest irq before the outcome (the flow that woke it); for a primary handler,
 * the {@code IrqFlow} it ran in, which ends right after it;</li>
 * <li><b>stale injection</b>: the virtual controller's input rising, {@code line_level} (vGIC,
 * {@code kvm_vgic_inject_irq}) or {@code line} (KVM's IO-APIC, {@code kvm_set_irq}) 0→1;</li>
 * <li>(not a step: the VFIO trigger eventfd signalled before it, {@code vfio.<device>.trigger}, which
 * the injection consumes; the re-fire is looked for before it, so that the host's own re-deliveries
 * after it — an IO-APIC redelivering into a lazily disabled line — are not taken);</li>
 * <li><b>re-fire</b>: the host controller delivering again: the GIC's {@code active} 0→1 (IAR read)
 * or the IO-APIC's {@code remote_irr} 0→1 (delivery);</li>
 * <li><b>host unmask</b>: VFIO's {@code masked} 1→0 ({@code vfio_platform_unmask},
 * {@code vfio_pci_intx_unmask});</li>
 * <li><b>resample</b>: the signal of the resamplefd, the VFIO unmask eventfd
 * ({@code vfio.<device>.unmask}; KVM's {@code irqfd_resampler_ack}, or the VMM's own EOI
 * notification);</li>
 * <li><b>guest EOI</b>: the guest's EOI: a write of the virtual CPU interface's EOIR or DIR
 * (vGIC) or an EOI exit ({@code apic-eoi}, {@code ioapic-eoi}).</li>
 * </ol>
 *
 * A step with no such event is left out (a fix or a VMM that does not take that path) and the search
 * goes on from the step after it. When none of guest EOI, resample and host unmask is found, nothing
 * the guest did made the line fire again (the first interrupt of a storm): the two deliveries are then
 * named "host delivery" and "injection". The steps are listed in that causal order; a primary
 * handler's flow, which ends after the outcome at the same instant, is listed before it. The events are the trace's: the chain names which event caused which
 * by the models' own operations, not by a heuristic over lanes.
 */
final class CausalChain {

    /** One step: the index of its event in the round trip and its name. */
    record Step(int index, String name) {
    }

    /** A step looked for backwards: its name (null: an anchor, not shown) and what its event is. */
    private record Rule(String name, Predicate<Lanes.Placed> matches) {
    }

    /** The steps before the guest flow, from the last backwards. */
    private static final List<Rule> RULES = List.of(
            new Rule("stale injection", p -> p.lane() == Lanes.VIRTUAL_CONTROLLER
                    && rises(p.event(), "line_level", "line")),
            new Rule(null, p -> p.lane() == Lanes.VFIO && p.event().component().endsWith(".trigger")
                    && rises(p.event(), "count")),
            new Rule("re-fire", p -> p.lane() == Lanes.HOST_CONTROLLER && rises(p.event(), "active", "remote_irr")),
            new Rule("host unmask", p -> p.lane() == Lanes.VFIO && p.event() instanceof TraceEvent.StateChanged s
                    && s.field().equals("masked") && s.from().equals("1") && s.to().equals("0")),
            new Rule("resample", p -> p.lane() == Lanes.VFIO && p.event().component().endsWith(".unmask")
                    && rises(p.event(), "count")),
            new Rule("guest EOI", CausalChain::guestEoi));

    /** The steps in causal order (a primary handler's flow ends after its outcome, at the same instant). */
    private static final List<String> ORDER = List.of("guest EOI", "resample", "host unmask", "re-fire", "host delivery",
            "stale injection", "injection", "guest flow", "found nothing");
    /** The steps that make a delivery a re-injection: something the guest did let the line fire again. */
    private static final Set<String> BEFORE_DELIVERY = Set.of("guest EOI", "resample", "host unmask");
    /**
     * Without any of those (a storm's first interrupt, which no EOI preceded) the delivery is the
     * interrupt's first: its steps are named so.
     */
    private static final Map<String, String> FIRST_DELIVERY = Map.of("re-fire", "host delivery", "stale injection",
            "injection");

    private CausalChain() {
    }

    /** The chain ending at the first spurious driver outcome, in time order; empty when there is none. */
    static List<Step> of(List<Lanes.Placed> events) {
        int end = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).event() instanceof TraceEvent.DriverOutcome o && o.spurious()) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return List.of();
        }
        TraceEvent.DriverOutcome outcome = (TraceEvent.DriverOutcome) events.get(end).event();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(end, "found nothing"));
        int flow = guestFlow(events, end, outcome);
        int at = end;
        if (flow >= 0) {
            steps.add(new Step(flow, "guest flow"));
            at = Math.min(at, flow);
        }
        for (Rule r : RULES) {
            for (int i = at - 1; i >= 0; i--) {
                if (r.matches().test(events.get(i))) {
                    if (r.name() != null) {
                        steps.add(new Step(i, r.name()));
                    }
                    at = i;
                    break;
                }
            }
        }
        boolean reInjection = steps.stream().anyMatch(st -> BEFORE_DELIVERY.contains(st.name()));
        List<Step> named = new ArrayList<>();
        for (Step st : steps) {
            named.add(reInjection ? st : new Step(st.index(), FIRST_DELIVERY.getOrDefault(st.name(), st.name())));
        }
        named.sort(Comparator.comparingInt(st -> ORDER.indexOf(st.name())));
        return List.copyOf(named);
    }

    /**
     * The guest {@code IrqFlow} that ran the driver: the one the primary handler ran in (the first after
     * the outcome, when the handler that returned next for the irq is a hard one), else the last before
     * it (the flow that woke the thread); -1 when the trace has neither.
     */
    private static int guestFlow(List<Lanes.Placed> events, int end, TraceEvent.DriverOutcome outcome) {
        for (int i = end + 1; i < events.size(); i++) {
            TraceEvent e = events.get(i).event();
            if (e instanceof TraceEvent.HandlerRan h && h.component().equals(outcome.component())
                    && h.irq() == outcome.irq()) {
                if (h.stage() != HandlerStage.HARD) {
                    break;
                }
                for (int j = i + 1; j < events.size(); j++) {
                    if (isFlow(events.get(j).event(), outcome)) {
                        return j;
                    }
                }
                break;
            }
        }
        for (int i = end - 1; i >= 0; i--) {
            if (isFlow(events.get(i).event(), outcome)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFlow(TraceEvent e, TraceEvent.DriverOutcome outcome) {
        return e instanceof TraceEvent.IrqFlow f && f.component().equals(outcome.component()) && f.irq() == outcome.irq();
    }

    /** A state change of one of {@code fields} from 0 to 1. */
    private static boolean rises(TraceEvent e, String... fields) {
        if (!(e instanceof TraceEvent.StateChanged s) || !s.from().equals("0") || !s.to().equals("1")) {
            return false;
        }
        for (String f : fields) {
            if (s.field().equals(f)) {
                return true;
            }
        }
        return false;
    }

    /** The guest's EOI: an EOIR/DIR write of the virtual CPU interface, or an EOI exit. */
    private static boolean guestEoi(Lanes.Placed p) {
        if (p.event() instanceof TraceEvent.VmExit x) {
            return x.cause() == ExitCause.APIC_EOI || x.cause() == ExitCause.IOAPIC_EOI;
        }
        return p.lane() == Lanes.VIRTUAL_CONTROLLER && p.event() instanceof TraceEvent.StateChanged s
                && (s.cause().contains("EOIR") || s.cause().contains("_DIR"));
    }
}
