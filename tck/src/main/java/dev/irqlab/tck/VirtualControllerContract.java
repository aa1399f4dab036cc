package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every virtual (in-hypervisor) interrupt-controller plugin passes. The tests act as
 * KVM (setIrq, notifiers, vCPU entry) and as a Linux guest (setType, unmask, acknowledge, eoi, mask)
 * on vCPU 0.
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

    /** What a Linux guest does to start a level-high irq: set the type and unmask. */
    protected void guestStartsLevel() {
        assertEquals(0, vic.chip().setType(hwirq(), Trigger.LEVEL_HIGH));
        vic.chip().unmask(hwirq());
    }

    /** The guest takes the interrupt on vCPU 0 as the vCPU run loop would: entry, acknowledge. */
    protected int guestAcknowledges() {
        vic.vcpuEntry(0);
        harness.runFor(SimHarness.us(100));
        return vic.acknowledge(0);
    }

    @Nested
    @DisplayName("pins and identity")
    class Identity {
        @Test
        @DisplayName("has pins, maps them to guest hwirqs, and describes their state")
        void pins() {
            assertTrue(vic.pins() > pin());
            assertTrue(hwirq() >= 0);
            assertFalse(vic.state(hwirq()).summary().isBlank());
        }
    }

    @Nested
    @DisplayName("a level interrupt raised by an irq source")
    class LevelInjection {
        @Test
        @DisplayName("reaches the vCPU and is acknowledged with the pin's hwirq")
        void delivered() {
            guestStartsLevel();
            assertTrue(vic.setIrq(pin(), RESAMPLE_SOURCE, true) != 0);
            assertEquals(hwirq(), guestAcknowledges());
            assertTrue(vcpu0.rises() >= 1);
        }

        @Test
        @DisplayName("is not delivered while the guest has it masked, and the mask is visible to KVM")
        void masked() {
            assertEquals(0, vic.chip().setType(hwirq(), Trigger.LEVEL_HIGH));
            vic.chip().mask(hwirq());
            assertTrue(vic.isMasked(pin()));
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(InterruptController.SPURIOUS, guestAcknowledges());
        }

        @Test
        @DisplayName("guest EOI calls the pin's ack notifiers")
        void ackNotifier() {
            List<Integer> acked = new ArrayList<>();
            vic.addAckNotifier(pin(), acked::add);
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.chip().eoi(hwirq());
            vic.vcpuExit(0);
            harness.runFor(SimHarness.us(100));
            assertEquals(List.of(pin()), acked);
        }

        @Test
        @DisplayName("a removed ack notifier is not called")
        void removedAckNotifier() {
            List<Integer> acked = new ArrayList<>();
            dev.irqlab.api.controller.AckNotifier n = acked::add;
            vic.addAckNotifier(pin(), n);
            vic.removeAckNotifier(pin(), n);
            guestStartsLevel();
            vic.setIrq(pin(), RESAMPLE_SOURCE, true);
            assertEquals(hwirq(), guestAcknowledges());
            vic.chip().eoi(hwirq());
            vic.vcpuExit(0);
            assertTrue(acked.isEmpty());
        }
    }

    @Nested
    @DisplayName("mask notifiers")
    class MaskNotifiers {
        @Test
        @DisplayName("when the controller has them, guest mask and unmask are reported")
        void reported() {
            org.junit.jupiter.api.Assumptions.assumeTrue(vic.hasMaskNotifiers(),
                    vic.name() + " declares no mask notifiers");
            List<Boolean> seen = new ArrayList<>();
            vic.addMaskNotifier(pin(), (p, masked) -> seen.add(masked));
            assertEquals(0, vic.chip().setType(hwirq(), Trigger.LEVEL_HIGH));
            vic.chip().unmask(hwirq());
            vic.chip().mask(hwirq());
            vic.chip().unmask(hwirq());
            assertEquals(List.of(true, false), seen.subList(seen.size() - 2, seen.size()));
        }
    }
}
