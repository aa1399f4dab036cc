package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.AckNotifier;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every virtual (in-hypervisor) interrupt-controller plugin passes. The tests act as
 * KVM (setIrq, notifiers, vCPU entry and exit) and as a Linux guest (setType, unmask, acknowledge,
 * the end of the flow handler, mask) on vCPU 0.
 *
 * <p>Architecture-neutral on purpose: {@code setIrq}'s success value differs (arm64 {@code kvm_set_irq}
 * returns the 0 of {@code kvm_vgic_inject_irq}; x86 returns the number of LAPICs that accepted,
 * arch/x86/kvm/ioapic.c {@code ioapic_service}), so the contract asks only for {@code >= 0} and checks
 * delivery at the guest's acknowledge. The guest ends an interrupt the way genirq's flow handler for
 * the chip's {@link FlowType} does ({@code handle_fasteoi_irq}: {@code irq_eoi}; {@code handle_edge_irq}:
 * {@code irq_ack} first), so ack notifiers are checked after that end wherever the architecture calls
 * them: vGIC at the fold of the list register's EOI maintenance ({@code vgic_v3_fold_lr_state}), the
 * KVM IO-APIC at the LAPIC EOI exit ({@code kvm_ioapic_update_eoi_one}).
 */
public abstract class VirtualControllerContract {

    /** The irq source id KVM uses for irqfd resamplers ({@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}). */
    protected static final int RESAMPLE_SOURCE = 1;

    protected SimHarness harness;
    protected RecordingExits exits;
    protected VirtualInterruptController vic;
    protected CpuLineProbe vcpu0;

    /** Builds the controller under test with one vCPU, reporting exits to {@code exits}. */
    protected abstract VirtualInterruptController newController(SimHarness harness, RecordingExits exits);

    /** A pin that exists and that a guest may use for a level interrupt. */
    protected int pin() {
        return 8;
    }

    @BeforeEach
    void setUpVirtualController() {
        harness = new SimHarness();
        exits = new RecordingExits();
        vic = newController(harness, exits);
        vic.init(); // the VMM's KVM_DEV_ARM_VGIC_CTRL_INIT / nothing, before the vCPUs run
        vcpu0 = new CpuLineProbe();
        vic.connectCpu(0, vcpu0);
    }

    protected int hwirq() {
        return vic.hwirqForPin(pin());
    }

    /** What a Linux guest does to start an irq: set the type, activate, set the affinity, unmask. */
    protected void guestStarts(Trigger trigger) {
        assertEquals(0, ChipSetup.configure(vic.chip(), hwirq(), trigger), "set up " + trigger);
        vic.chip().unmask(hwirq());
    }

    /** What a Linux guest does to start a level-high irq: set the type and unmask. */
    protected void guestStartsLevel() {
        guestStarts(Trigger.LEVEL_HIGH);
    }

    /** The guest takes the interrupt on vCPU 0 as the vCPU run loop would: entry, acknowledge. */
    protected int guestAcknowledges() {
        vic.vcpuEntry(0);
        harness.runFor(SimHarness.us(100));
        return vic.acknowledge(0);
    }

    /**
     * The rest of the guest's flow handler after acknowledge, for the flow the chip installs
     * (kernel/irq/chip.c): {@code handle_edge_irq} acks before the handler; {@code handle_fasteoi_irq}
     * EOIs after it; {@code handle_level_irq} mask+acks, then unmasks. Then the vCPU leaves the guest.
     */
    protected void guestEnds(Trigger trigger) {
        int h = hwirq();
        FlowType flow = vic.chip().flowFor(h, trigger);
        switch (flow) {
            case EDGE -> vic.chip().ack(h);
            case FASTEOI -> vic.chip().eoi(h);
            case LEVEL -> {
                if (vic.chip().hasMaskAck()) {
                    vic.chip().maskAck(h);
                } else {
                    vic.chip().mask(h);
                    if (vic.chip().hasAck()) {
                        vic.chip().ack(h);
                    }
                }
                vic.chip().unmask(h);
            }
        }
        vic.vcpuExit(0);
        harness.runFor(SimHarness.us(100));
    }

    @Nested
    @DisplayName("pins and identity")
    class Identity {
        @Test
        @DisplayName("has pins, maps each to a distinct guest hwirq, and describes their state")
        void pins() {
            assertTrue(vic.pins() > pin());
            assertTrue(hwirq() >= 0);
            assertFalse(vic.state(hwirq()).summary().isBlank());
            Set<Integer> seen = new HashSet<>();
            for (int p = 0; p < vic.pins(); p++) {
                assertTrue(seen.add(vic.hwirqForPin(p)), "pin " + p + " maps to a hwirq another pin has");
            }
        }

        @Test
        @DisplayName("the guest acknowledge with nothing pending answers SPURIOUS")
        void spuriousWhenIdle() {
            guestStartsLevel();
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
            assertFalse(vcpu0.asserted());
        }

        @Test
        @DisplayName("setType answers 0 for level-high and edge-rising")
        void setType() {
            assertEquals(0, vic.chip().setType(hwirq(), Trigger.LEVEL_HIGH));
            assertEquals(0, vic.chip().setType(hwirq(), Trigger.EDGE_RISING));
        }
    }

    @Nested
    @DisplayName("a level interrupt raised by an irq source")
    class LevelInjection {
        @Test
        @DisplayName("setIrq succeeds (>= 0), the vCPU line rises and the guest acknowledges the pin's hwirq")
        void delivered() {
            guestStartsLevel();
            int r = vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertTrue(r >= 0, "setIrq on an unmasked pin answered " + r);
            assertEquals(hwirq(), guestAcknowledges());
            assertTrue(vcpu0.rises() >= 1);
        }

        @Test
        @DisplayName("is not delivered while the guest has it masked, and the mask is visible to KVM")
        void masked() {
            assertEquals(0, ChipSetup.configure(vic.chip(), hwirq(), Trigger.LEVEL_HIGH));
            vic.chip().mask(hwirq());
            assertTrue(vic.isMasked(pin()));
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
        }

        @Test
        @DisplayName("is delivered once the guest unmasks it, while the source still holds the line")
        void deliveredAtUnmask() {
            assertEquals(0, ChipSetup.configure(vic.chip(), hwirq(), Trigger.LEVEL_HIGH));
            vic.chip().mask(hwirq());
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            vic.chip().unmask(hwirq());
            assertFalse(vic.isMasked(pin()));
            assertEquals(hwirq(), guestAcknowledges());
        }

        @Test
        @DisplayName("is not delivered a second time before the guest ends the first")
        void notTwiceWhileActive() {
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            assertEquals(InterruptController.SPURIOUS, vic.acknowledge(0));
        }

        @Test
        @DisplayName("is delivered again after the guest's EOI while the source keeps the line high")
        void redeliveredWhileHigh() {
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            guestEnds(Trigger.LEVEL_HIGH);
            assertEquals(hwirq(), guestAcknowledges(), "the line is still high: level semantics");
        }

        @Test
        @DisplayName("is not delivered again after the guest's EOI once the source lowered the line")
        void quietAfterLineLow() {
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.setIrq(pin(), RESAMPLE_SOURCE, false);
            guestEnds(Trigger.LEVEL_HIGH);
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
        }

        @Test
        @DisplayName("the pin's ack notifiers run once, at the guest's EOI and not before")
        void ackNotifier() {
            List<Integer> acked = new ArrayList<>();
            vic.addAckNotifier(pin(), acked::add);
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            assertTrue(acked.isEmpty(), "acknowledge is not EOI: no ack notifier yet");
            vic.setIrq(pin(), RESAMPLE_SOURCE, false); // as the resampler would, so nothing is re-delivered
            guestEnds(Trigger.LEVEL_HIGH);
            assertEquals(List.of(pin()), acked);
        }

        @Test
        @DisplayName("a removed ack notifier is not called")
        void removedAckNotifier() {
            List<Integer> acked = new ArrayList<>();
            AckNotifier n = acked::add;
            vic.addAckNotifier(pin(), n);
            vic.removeAckNotifier(pin(), n);
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            guestEnds(Trigger.LEVEL_HIGH);
            assertTrue(acked.isEmpty());
        }

        @Test
        @DisplayName("ack notifiers of another pin are not called")
        void otherPinNotNotified() {
            int other = pin() == 0 ? 1 : pin() - 1;
            List<Integer> acked = new ArrayList<>();
            vic.addAckNotifier(other, acked::add);
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.setIrq(pin(), RESAMPLE_SOURCE, false);
            guestEnds(Trigger.LEVEL_HIGH);
            assertTrue(acked.isEmpty(), "pin " + other + " was notified for an EOI of pin " + pin());
        }
    }

    @Nested
    @DisplayName("an edge interrupt raised by an irq source")
    class EdgeInjection {
        @Test
        @DisplayName("one pulse is delivered once")
        void oncePerPulse() {
            guestStarts(Trigger.EDGE_RISING);
            assertTrue(vic.setIrq(pin(), RESAMPLE_SOURCE, true) >= 0);
            vic.setIrq(pin(), RESAMPLE_SOURCE, false);
            assertEquals(hwirq(), guestAcknowledges());
            guestEnds(Trigger.EDGE_RISING);
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
        }
    }

    @Nested
    @DisplayName("guest accesses")
    class GuestAccesses {
        @Test
        @DisplayName("the guest's mask and unmask are trapped: each reports an MMIO exit")
        void maskAndUnmaskExit() {
            assertEquals(0, ChipSetup.configure(vic.chip(), hwirq(), Trigger.LEVEL_HIGH));
            exits.clear();
            vic.chip().mask(hwirq());
            long afterMask = exits.count(ExitCause.MMIO);
            assertNotEquals(0L, afterMask, "mask reported no MMIO exit: " + exits.all());
            vic.chip().unmask(hwirq());
            assertTrue(exits.count(ExitCause.MMIO) > afterMask, "unmask reported no MMIO exit: " + exits.all());
        }
    }

    @Nested
    @DisplayName("mask notifiers")
    class MaskNotifiers {
        @Test
        @DisplayName("when the controller has them, guest mask and unmask are reported in order")
        void reported() {
            Assumptions.assumeTrue(vic.hasMaskNotifiers(), vic.name() + " declares no mask notifiers");
            List<Boolean> seen = new ArrayList<>();
            vic.addMaskNotifier(pin(), (p, masked) -> seen.add(masked));
            assertEquals(0, ChipSetup.configure(vic.chip(), hwirq(), Trigger.LEVEL_HIGH));
            vic.chip().unmask(hwirq());
            vic.chip().mask(hwirq());
            vic.chip().unmask(hwirq());
            assertEquals(List.of(true, false), seen.subList(seen.size() - 2, seen.size()));
        }

        @Test
        @DisplayName("when the controller has none, registering one is refused with UnsupportedOperationException")
        void refusedWhenAbsent() {
            Assumptions.assumeFalse(vic.hasMaskNotifiers(), vic.name() + " declares mask notifiers");
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> vic.addMaskNotifier(pin(), (p, masked) -> { }));
        }
    }
}
