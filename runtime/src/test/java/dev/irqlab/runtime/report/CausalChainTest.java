package dev.irqlab.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chain is found by what each event is, not by the latest event of a lane: events of the same
 * lanes that come later but caused nothing (an ap_list prune, a second host delivery into a lazily
 * disabled line, a later EOI bookkeeping) are not taken.
 */
class CausalChainTest {

    private final Lanes lanes = new Lanes(Set.of("dev"));
    private final List<Lanes.Placed> events = new ArrayList<>();
    private long t;

    private void at(long us, TraceEvent... es) {
        t = us * 1_000;
        for (TraceEvent e : es) {
            events.add(lanes.place(e));
        }
    }

    private StateChanged sc(String component, String field, String from, String to, String cause) {
        return new StateChanged(t, component, "x", field, from, to, cause);
    }

    private List<String> chain() {
        return CausalChain.of(events).stream()
                .map(s -> s.name() + " " + Describe.of(events.get(s.index()).event())).toList();
    }

    /** The x86 shape: IO-APIC redelivery after the trigger, injection 5 us later, EOI bookkeeping after. */
    @Test
    void eachStepIsTheEventOfItsKindThatCausedTheNext() {
        at(0, new TraceEvent.DeviceAsserted(t, "dev", 1));
        at(8, new TraceEvent.VmExit(t, "vm0.vcpu0", ExitCause.APIC_EOI, "vector 0x40", 1_000),
                sc("vm0.kvm-ioapic", "line", "1", "0", "kvm_set_irq source 1"),
                sc("vfio.dev.unmask", "count", "0", "1", "eventfd_signal"),
                sc("vfio.dev", "masked", "1", "0", "vfio_platform_unmask"),
                sc("host.ioapic", "masked", "1", "0", "IOWIN write"),
                sc("host.ioapic", "remote_irr", "0", "1", "delivery"),
                sc("vm0.kvm-ioapic", "remote_irr", "1", "0", "EOI"),
                new TraceEvent.IrqFlow(t, "guest", 1, "fasteoi", FlowOutcome.HANDLED));
        at(9, sc("vfio.dev", "masked", "0", "1", "vfio_automasked_irq_handler"),
                sc("vfio.dev.trigger", "count", "0", "1", "eventfd_signal"),
                sc("host.ioapic", "remote_irr", "1", "0", "EOI broadcast"),
                sc("host.ioapic", "remote_irr", "0", "1", "delivery"));
        at(14, sc("vm0.kvm-ioapic", "line", "0", "1", "kvm_set_irq source 1"),
                sc("vm0.kvm-ioapic", "irr", "0", "1", "line high"));
        at(533, new TraceEvent.IrqFlow(t, "guest", 1, "fasteoi", FlowOutcome.HANDLED),
                sc("vm0.kvm-ioapic", "remote_irr", "1", "0", "EOI"));
        at(1053, new TraceEvent.DriverOutcome(t, "guest", "drv", "dev", 1, 0),
                new TraceEvent.HandlerRan(t, "guest", 1, "drv", HandlerStage.THREAD, IrqReturn.HANDLED));
        assertEquals(List.of(
                "guest EOI exit apic-eoi (vector 0x40)",
                "resample x count 0→1 (eventfd_signal)",
                "host unmask x masked 1→0 (vfio_platform_unmask)",
                "re-fire x remote_irr 0→1 (delivery)",
                "stale injection x line 0→1 (kvm_set_irq source 1)",
                "guest flow fasteoi irq 1: HANDLED",
                "found nothing drv on irq 1: nothing to serve (spurious)"), chain());
        assertEquals(List.of(1, 3, 4, 6, 13, 15, 17),
                CausalChain.of(events).stream().map(CausalChain.Step::index).toList(),
                "the re-fire is the delivery before the trigger (index 6), not the redelivery after it (12)");
    }

    /** A driver in hard irq context: its flow is the one it ran in, which ends after the outcome. */
    @Test
    void aPrimaryHandlersFlowIsTheOneItRanIn() {
        at(0, new TraceEvent.DeviceAsserted(t, "dev", 1));
        at(3, sc("vm0.vgic-v3", "lr", "active", "invalid", "ICC_EOIR1_EL1 write (vcpu0)"),
                sc("vm0.vgic-v3", "line_level", "1", "0", "kvm_vgic_inject_irq level 0"),
                sc("vfio.dev.unmask", "count", "0", "1", "eventfd_signal"),
                sc("vfio.dev", "masked", "1", "0", "vfio_platform_unmask"),
                new TraceEvent.IrqFlow(t, "guest", 1, "fasteoi", FlowOutcome.HANDLED));
        at(4, sc("host.gicv3", "active", "0", "1", "ICC_IAR1_EL1 read"),
                sc("vfio.dev.trigger", "count", "0", "1", "eventfd_signal"),
                sc("vm0.vgic-v3", "line_level", "0", "1", "kvm_vgic_inject_irq level 1"),
                sc("vm0.vgic-v3", "pending", "0", "1", "kvm_vgic_inject_irq level 1"));
        at(5, sc("vm0.vgic-v3", "ap_list", "-", "vcpu0", "vgic_queue_irq_unlock"),
                new TraceEvent.DriverOutcome(t, "guest", "drv", "dev", 1, 0),
                new TraceEvent.HandlerRan(t, "guest", 1, "drv", HandlerStage.HARD, IrqReturn.NONE),
                new TraceEvent.IrqFlow(t, "guest", 1, "fasteoi", FlowOutcome.HANDLED),
                sc("vm0.vgic-v3", "ap_list", "vcpu0", "-", "vgic_prune_ap_list"));
        assertEquals(List.of("guest EOI", "resample", "host unmask", "re-fire", "stale injection", "guest flow",
                "found nothing"), CausalChain.of(events).stream().map(CausalChain.Step::name).toList());
        assertEquals(13, CausalChain.of(events).get(5).index(), "the flow the handler ran in, listed before the "
                + "outcome it ends after");
    }

    @Test
    void aStepWithNoEventIsLeftOutAndAFirstDeliveryIsNotCalledARefire() {
        at(0, new TraceEvent.DeviceAsserted(t, "dev", 1));
        at(4, sc("host.gicv3", "active", "0", "1", "ICC_IAR1_EL1 read"),
                sc("vm0.vgic-v3", "line_level", "0", "1", "kvm_vgic_inject_irq level 1"),
                new TraceEvent.IrqFlow(t, "guest", 1, "fasteoi", FlowOutcome.HANDLED));
        at(9, new TraceEvent.DriverOutcome(t, "guest", "drv", "dev", 1, 1));
        assertEquals(List.of(), chain());
        at(20, new TraceEvent.DriverOutcome(t, "guest", "drv", "dev", 1, 0));
        assertEquals(List.of("host delivery", "injection", "guest flow", "found nothing"),
                CausalChain.of(events).stream().map(CausalChain.Step::name).toList(),
                "no EOI, resample or unmask before: the interrupt's first delivery");
        t = 1_000;
        events.add(1, lanes.place(sc("vfio.dev", "masked", "1", "0", "vfio_platform_unmask")));
        assertEquals(List.of("host unmask", "re-fire", "stale injection", "guest flow", "found nothing"),
                CausalChain.of(events).stream().map(CausalChain.Step::name).toList());
    }
}
