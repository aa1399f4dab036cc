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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

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

    /** The irq source id KVM uses for userspace and for the atomic irqfd path ({@code KVM_USERSPACE_IRQ_SOURCE_ID}). */
    protected static final int USERSPACE_SOURCE = 0;
    /** The irq source id KVM uses for irqfd resamplers ({@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}). */
    protected static final int RESAMPLE_SOURCE = 1;

    protected SimHarness harness;
    protected RecordingExits exits;
    protected VirtualInterruptController vic;
    protected CpuLineProbe vcpu0;

    /**
     * Builds the controller under test with one vCPU, reporting exits to {@code exits}, with the given
     * scenario fixes selected (none for every test but the round trip under a fix).
     */
    protected abstract VirtualInterruptController newController(SimHarness harness, RecordingExits exits,
                                                                Set<String> fixes);

    /**
     * The fix option names the controller's plugin implements ({@code Capabilities.fixes()}); the round
     * trip runs under each. None by default.
     */
    protected Set<String> fixes() {
        return Set.of();
    }

    /**
     * The fixes the configured kernel version already contains
     * ({@link dev.irqlab.api.plugin.VirtualControllerFactory#fixesMergedIn}): the round trip without a
     * fix expects upstream's spurious re-injection only when there is none (kvm-ioapic
     * {@code kvm-version: linux-6.3} resamples at unmask, fef8f2b90edb).
     */
    protected Set<String> fixesMergedIn() {
        return Set.of();
    }

    /**
     * Whether the configured hypervisor acknowledges at delivery
     * ({@link dev.irqlab.api.plugin.VirtualControllerFactory#acksAtDelivery}, kvm_pvm): the ack
     * notifiers then run at the guest's acknowledge and a level line still high is delivered again.
     */
    protected boolean acksAtDelivery() {
        return false;
    }

    /** A pin that exists and that a guest may use for a level interrupt. */
    protected int pin() {
        return 8;
    }

    @BeforeEach
    void setUpVirtualController() {
        harness = new SimHarness();
        exits = new RecordingExits();
        vic = newController(harness, exits, Set.of());
        vic.init(); // the VMM's KVM_DEV_ARM_VGIC_CTRL_INIT / nothing, before the vCPUs run
        vcpu0 = new CpuLineProbe();
        vic.connectCpu(0, vcpu0);
        vic.driverInit(0); // the guest kernel's init_IRQ: its driver initialises the controller
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
        @DisplayName("is not delivered a second time before the guest ends the first (unless the hypervisor acks "
                + "at delivery)")
        void notTwiceWhileActive() {
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            if (acksAtDelivery()) {
                assertEquals(hwirq(), guestAcknowledges(), "acked at delivery, the line still high: delivered again");
            } else {
                assertEquals(InterruptController.SPURIOUS, vic.acknowledge(0));
            }
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
        @DisplayName("is not delivered again after the guest's EOI once the source lowered the line (once more "
                + "where the hypervisor acked at delivery while it was high)")
        void quietAfterLineLow() {
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.setIrq(pin(), RESAMPLE_SOURCE, false);
            guestEnds(Trigger.LEVEL_HIGH);
            if (acksAtDelivery()) {
                assertEquals(hwirq(), guestAcknowledges(), "re-serviced at the delivery-time EOI, the line still high");
                guestEnds(Trigger.LEVEL_HIGH);
            }
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
        }

        /**
         * The vCPU leaves guest mode once while the interrupt is active (a timer tick, an MMIO exit):
         * from Linux 6.19 a vGIC on a GICv3 host notifies only a deactivation it saw active
         * (vgic-v3.c {@code vgic_v3_fold_lr}), and the rule here is the one every version keeps.
         */
        @Test
        @DisplayName("the pin's ack notifiers run once, at the guest's EOI and not before (at delivery where the "
                + "hypervisor acks there)")
        void ackNotifier() {
            List<Integer> acked = new ArrayList<>();
            vic.addAckNotifier(pin(), p -> {
                acked.add(p);
                vic.setIrq(pin(), RESAMPLE_SOURCE, false); // irqfd_resampler_ack: de-assert the resampler's source
            });
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.vcpuExit(0);
            vic.vcpuEntry(0);
            assertEquals(acksAtDelivery() ? List.of(pin()) : List.of(), acked,
                    acksAtDelivery() ? "acked at delivery" : "acknowledge is not EOI: no ack notifier yet");
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

    @Nested
    @DisplayName("irq sources and the atomic injection path")
    class Sources {
        @Test
        @DisplayName("a controller that injects in atomic context keeps one level per pin, whatever the irq source")
        void atomicMeansOneLevelPerPin() {
            // KVM's atomic irqfd path (virt/kvm/eventfd.c irqfd_wakeup -> kvm_arch_set_irq_inatomic) raises
            // the pin from KVM_USERSPACE_IRQ_SOURCE_ID even for a resample irqfd, while irqfd_resampler_ack
            // lowers KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID: with a level per source the line would stay high.
            guestStartsLevel();
            vic.setIrq(pin(), USERSPACE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.setIrq(pin(), RESAMPLE_SOURCE, false);
            guestEnds(Trigger.LEVEL_HIGH);
            boolean perSourceLevels = guestAcknowledges() == hwirq();
            assertFalse(vic.injectsInAtomicContext() && perSourceLevels, vic.name() + " injects in atomic context"
                    + " but keeps a level per irq source: the resampler could never lower the irqfd's level");
        }
    }

    @Nested
    @DisplayName("the ONESHOT round trip: guest mask, EOI, resample, unmask")
    class OneshotRoundTrip {
        @Test
        @DisplayName("without a fix, the guest takes the stale re-injection once after its unmask, as upstream KVM "
                + "does, unless the configured version contains a merged fix")
        void upstream() {
            int expected = fixesMergedIn().isEmpty() ? 1 : 0;
            assertEquals(expected, new RoundTrip(Set.of()).spuriousAfterUnmask(),
                    "the resample at EOI while the guest has the line masked re-injects it (the thread's bug); "
                            + "merged fixes in this configuration: " + fixesMergedIn());
        }

        @TestFactory
        @DisplayName("under each fix the plugin implements, the guest takes no spurious interrupt")
        Stream<DynamicTest> underEachFix() {
            return fixes().stream().sorted().map(fix -> DynamicTest.dynamicTest(fix,
                    () -> assertEquals(0, new RoundTrip(Set.of(fix)).spuriousAfterUnmask(), "fix " + fix)));
        }
    }

    /**
     * A ONESHOT threaded level interrupt passed through with vfio and an irqfd with a resamplefd, played
     * on a controller of its own. The test is KVM (the irqfd injects from the source the atomic path
     * uses, {@code irqfd_resampler_ack} lowers the resample source at the ack notifier,
     * {@code kvm_notify_irqfd_resampler} through the resampler hook), the host (vfio-platform's
     * automasked handler: the host line is unmasked only by a resample, and fires again then if the
     * device still asserts) and the guest ({@code handle_fasteoi_irq} with {@code IRQS_ONESHOT}: mask,
     * wake the thread, EOI; the thread reads the device, then {@code irq_finalize_oneshot} unmasks).
     */
    final class RoundTrip {
        private final SimHarness h = new SimHarness();
        private final VirtualInterruptController c;
        private final int hw;
        private final int injectSource;
        private boolean deviceAsserting;
        private boolean hostUnmaskPending;

        RoundTrip(Set<String> fixes) {
            c = newController(h, new RecordingExits(), fixes);
            c.init();
            c.connectCpu(0, new CpuLineProbe());
            c.driverInit(0);
            hw = c.hwirqForPin(pin());
            injectSource = c.injectsInAtomicContext() ? USERSPACE_SOURCE : RESAMPLE_SOURCE;
            c.addAckNotifier(pin(), p -> resample(true));
            c.setResamplerHook(p -> resample(false));
        }

        /** KVM's resampler: de-assert at an ack (not at a resample-only notify), signal the resamplefd. */
        private boolean resample(boolean deassert) {
            if (deassert) {
                c.setIrq(pin(), RESAMPLE_SOURCE, false);
            }
            hostUnmaskPending = true;
            return true;
        }

        /** vfio's unmask of the host line after the resamplefd; a device still asserting fires again. */
        private void host() {
            if (hostUnmaskPending) {
                hostUnmaskPending = false;
                if (deviceAsserting) {
                    c.setIrq(pin(), injectSource, true);
                }
            }
        }

        private int acknowledge() {
            c.vcpuEntry(0);
            h.runFor(SimHarness.us(100));
            return c.acknowledge(0);
        }

        /** handle_fasteoi_irq (or handle_level_irq) with IRQS_ONESHOT; {@code thread}: the handler woke one. */
        private void guestFlow(boolean thread) {
            FlowType flow = c.chip().flowFor(hw, Trigger.LEVEL_HIGH);
            switch (flow) {
                case FASTEOI -> {
                    c.chip().mask(hw);
                    c.chip().eoi(hw);
                }
                case LEVEL -> {
                    if (c.chip().hasMaskAck()) {
                        c.chip().maskAck(hw);
                    } else {
                        c.chip().mask(hw);
                        if (c.chip().hasAck()) {
                            c.chip().ack(hw);
                        }
                    }
                }
                case EDGE -> throw new AssertionError(c.name() + " installs the edge flow for a level interrupt");
            }
            if (!thread) {
                c.chip().unmask(hw); // cond_unmask_eoi_irq: no thread to wait for
            }
            c.vcpuExit(0);
            h.runFor(SimHarness.us(100));
            host();
        }

        /** Plays the round trip; answers how often the guest then takes the interrupt with nothing to serve. */
        int spuriousAfterUnmask() {
            assertEquals(0, ChipSetup.configure(c.chip(), hw, Trigger.LEVEL_HIGH));
            c.chip().unmask(hw);
            deviceAsserting = true;
            c.setIrq(pin(), injectSource, true); // the host's first interrupt, through the irqfd
            assertEquals(hw, acknowledge(), "the first interrupt is delivered");
            guestFlow(true);
            deviceAsserting = false; // the irq thread reads the device
            c.chip().unmask(hw); // irq_finalize_oneshot
            host();
            int spurious = 0;
            while (spurious < 3 && acknowledge() == hw) {
                spurious++;
                guestFlow(false);
            }
            return spurious;
        }
    }
}
