package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyVirtualController;
import dev.irqlab.tck.doubles.ToyVirtualController.SetIrq;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** KVM_IRQFD (virt/kvm/eventfd.c): injection paths, coalescing, assign/deassign rules. */
class IrqfdTest {

    private static final int GSI = 2;
    private static final int USER = IrqSource.USERSPACE;
    private static final int RESAMPLE = IrqSource.IRQFD_RESAMPLE;

    @Nested
    @DisplayName("irqfd_wakeup / irqfd_inject on a controller that cannot inject in atomic context (x86 IO-APIC)")
    class WorkPath {

        private final KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        private final EventFd fd = t.harness.sim().eventFd("trigger");

        @Test
        @DisplayName("three signals before the inject work runs ⇒ one pulse (schedule_work coalescing), counter read each time")
        void signalsCoalesceIntoOnePulse() {
            assertEquals(0, t.vm.irqfd(fd, GSI, null));
            fd.signal();
            assertEquals(0, fd.count(), "irqfd_wakeup reads the counter first");
            fd.signal();
            t.harness.runFor(SimHarness.us(2));
            fd.signal();
            assertTrue(t.chip.setIrqLog().isEmpty(), "nothing injected before irqfd-inject-latency");
            t.harness.runFor(SimHarness.us(3));
            assertEquals(List.of(new SetIrq(GSI, USER, true), new SetIrq(GSI, USER, false)), t.chip.setIrqLog());
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size(), "exactly one injection");
        }

        @Test
        @DisplayName("a signal after the work ran queues a second injection")
        void signalAfterRunInjectsAgain() {
            t.vm.irqfd(fd, GSI, null);
            fd.signal();
            t.harness.runToIdle(100);
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(4, t.chip.setIrqLog().size());
        }

        @Test
        @DisplayName("an eventfd that already has a count at assign is injected via the work item, counter untouched")
        void pendingCountAtAssign() {
            fd.signal();
            fd.signal();
            assertEquals(0, t.vm.irqfd(fd, GSI, null));
            assertEquals(2, fd.count(), "vfs_poll does not read the eventfd");
            t.harness.runToIdle(100);
            assertEquals(List.of(new SetIrq(GSI, USER, true), new SetIrq(GSI, USER, false)), t.chip.setIrqLog());
        }
    }

    @Nested
    @DisplayName("kvm_arch_set_irq_inatomic on arm64 (vgic-irqfd.c)")
    class AtomicPath {

        private final KvmTestSupport t = new KvmTestSupport(true, false, Set.of());
        private final EventFd fd = t.harness.sim().eventFd("trigger");

        @Test
        @DisplayName("the SPI is set to 1 inside eventfd_signal, from the userspace source, with no de-assert and no work")
        void injectsSynchronouslyLevelOneOnly() {
            t.vm.irqfd(fd, GSI, null);
            fd.signal();
            assertEquals(List.of(new SetIrq(GSI, USER, true)), t.chip.setIrqLog());
            assertEquals(0, fd.count());
            assertEquals(0, t.harness.runToIdle(100), "no inject work was queued");
        }

        @Test
        @DisplayName("a resample irqfd also uses the userspace source on the atomic path")
        void resampleIrqfdAtomicUsesUserspaceSource() {
            EventFd resample = t.harness.sim().eventFd("resample");
            t.vm.irqfd(fd, GSI, resample);
            fd.signal();
            assertEquals(List.of(new SetIrq(GSI, USER, true)), t.chip.setIrqLog());
        }
    }

    @Nested
    @DisplayName("kvm_irqfd_assign / kvm_irqfd_deassign rules")
    class AssignRules {

        private final KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        private final EventFd fd = t.harness.sim().eventFd("trigger");

        @Test
        @DisplayName("an eventfd bound twice, even to another GSI, is -EBUSY")
        void boundTwiceIsBusy() {
            assertEquals(0, t.vm.irqfd(fd, GSI, null));
            assertEquals(-Errno.EBUSY, t.vm.irqfd(fd, GSI, null));
            assertEquals(-Errno.EBUSY, t.vm.irqfd(fd, GSI + 1, null));
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size(), "still exactly one irqfd on the eventfd");
        }

        @Test
        @DisplayName("-EBUSY on a resample assign undoes the new resampler (irqfd_resampler_shutdown: unregister, de-assert)")
        void busyResampleAssignLeavesNoResampler() {
            t.vm.irqfd(fd, GSI, null);
            EventFd resample = t.harness.sim().eventFd("resample");
            assertEquals(-Errno.EBUSY, t.vm.irqfd(fd, GSI + 1, resample));
            assertEquals(0, t.chip.notifiers().ackNotifierCount(GSI + 1));
            assertEquals(List.of(new SetIrq(GSI + 1, RESAMPLE, false)), t.chip.setIrqLog());
        }

        @Test
        @DisplayName("fs/eventfd.c eventfd_ctx_remove_wait_queue: deassign reads the counter a pre-assign signal "
                + "left (irqfd_inject never reads it), so binding the eventfd again injects nothing")
        void deassignReadsTheCounter() {
            fd.signal();
            t.vm.irqfd(fd, GSI, null);
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size(), "the pending signal injected at assign");
            assertEquals(1, fd.count(), "irqfd_inject does not read the eventfd");
            t.vm.irqfdDeassign(fd, GSI);
            assertEquals(0, fd.count());
            t.vm.irqfd(fd, GSI, null);
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size());
        }

        @Test
        @DisplayName("deassign of a never-assigned eventfd returns 0 and changes nothing")
        void deassignNeverAssigned() {
            assertEquals(0, t.vm.irqfdDeassign(fd, GSI));
            assertTrue(t.chip.setIrqLog().isEmpty());
        }

        @Test
        @DisplayName("deassign matches fd and GSI: a wrong GSI leaves the irqfd; the right one unhooks it")
        void deassignMatchesFdAndGsi() {
            t.vm.irqfd(fd, GSI, null);
            assertEquals(0, t.vm.irqfdDeassign(fd, GSI + 1));
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size());
            assertEquals(0, t.vm.irqfdDeassign(fd, GSI));
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(2, t.chip.setIrqLog().size(), "no injection after deassign");
            assertEquals(1, fd.count(), "nobody reads the eventfd any more");
            assertEquals(0, t.vm.irqfd(fd, GSI, null), "the eventfd can be bound again");
        }

        @Test
        @DisplayName("deassign flushes a queued injection: it runs before deassign returns")
        void deassignFlushesInjectWork() {
            t.vm.irqfd(fd, GSI, null);
            fd.signal();
            t.vm.irqfdDeassign(fd, GSI);
            assertEquals(List.of(new SetIrq(GSI, USER, true), new SetIrq(GSI, USER, false)), t.chip.setIrqLog());
            assertEquals(0, t.harness.runToIdle(100));
        }

        @Test
        @DisplayName("virt/kvm/eventfd.c kvm_irqfd_assign / irqfd_update: an irqfd on a GSI without a route is "
                + "accepted; it takes the eventfd's signals and kvm_set_irq drops every injection")
        void unroutedGsiAccepted() {
            assertEquals(0, t.vm.irqfd(fd, 4, null));
            EventFd other = t.harness.sim().eventFd("other");
            assertEquals(0, t.vm.irqfd(other, -1, t.harness.sim().eventFd("resample")));
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(0, fd.count(), "irqfd_wakeup read the counter");
            assertEquals(List.of(), t.chip.setIrqLog());
        }

        @Test
        @DisplayName("KVM_IRQ_LINE on a GSI outside the routing table is -EINVAL (arm64 vgic_valid_spi)")
        void irqLineRange() {
            assertEquals(-Errno.EINVAL, t.vm.irqLine(4, true));
            assertEquals(0, t.vm.irqLine(3, true));
            assertEquals(List.of(new SetIrq(3, USER, true)), t.chip.setIrqLog());
        }
    }

    @Nested
    @DisplayName("resample irqfd, upstream resampler (irqfd_resampler_ack)")
    class Resampler {

        private final KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        private final EventFd fd = t.harness.sim().eventFd("trigger");
        private final EventFd resample = t.harness.sim().eventFd("resample");

        @Test
        @DisplayName("injection holds the line from the resample source (set 1 only)")
        void resampleInjectHoldsLine() {
            t.vm.irqfd(fd, GSI, resample);
            fd.signal();
            t.harness.runToIdle(100);
            assertEquals(List.of(new SetIrq(GSI, RESAMPLE, true)), t.chip.setIrqLog());
            assertTrue(t.chip.level(GSI));
        }

        @Test
        @DisplayName("guest EOI: the line is de-asserted before the resamplefd is signalled")
        void deassertThenNotify() {
            t.vm.irqfd(fd, GSI, resample);
            fd.signal();
            t.harness.runToIdle(100);
            List<Boolean> levelSeenBySignal = new ArrayList<>();
            resample.addWaiter(f -> levelSeenBySignal.add(t.chip.level(GSI)));
            t.chip.guestEoi(GSI);
            assertEquals(List.of(false), levelSeenBySignal);
            assertEquals(1, resample.count());
            assertEquals(new SetIrq(GSI, RESAMPLE, false), t.chip.setIrqLog().get(t.chip.setIrqLog().size() - 1));
        }

        @Test
        @DisplayName("resampler-ack-window: the de-assert at EOI, the resamplefd signal that long after")
        void windowDefersTheSignal() {
            KvmTestSupport w = new KvmTestSupport(false, false, Set.of(),
                    java.util.Map.of(KvmConfig.RESAMPLER_ACK_WINDOW, 10_000L), 1);
            EventFd trig = w.harness.sim().eventFd("trigger");
            EventFd res = w.harness.sim().eventFd("resample");
            w.vm.irqfd(trig, GSI, res);
            trig.signal();
            w.harness.runToIdle(100);
            long eoiAt = w.harness.sim().now();
            w.chip.guestEoi(GSI);
            assertFalse(w.chip.level(GSI), "de-asserted at once");
            assertEquals(0, res.count(), "not yet signalled");
            w.harness.runToIdle(100);
            assertEquals(1, res.count());
            assertEquals(eoiAt + 10_000L, w.harness.sim().now());
        }

        @Test
        @DisplayName("two resample irqfds on one GSI share one resampler: one ack notifier, both resamplefds signalled")
        void sharedResampler() {
            EventFd fd2 = t.harness.sim().eventFd("trigger2");
            EventFd resample2 = t.harness.sim().eventFd("resample2");
            t.vm.irqfd(fd, GSI, resample);
            t.vm.irqfd(fd2, GSI, resample2);
            assertEquals(1, t.chip.notifiers().ackNotifierCount(GSI));
            t.chip.guestEoi(GSI);
            assertEquals(1, resample.count());
            assertEquals(1, resample2.count());
            assertEquals(1, t.chip.setIrqLog().stream().filter(s -> !s.level()).count(), "one de-assert for both");

            t.vm.irqfdDeassign(fd, GSI);
            assertEquals(1, t.chip.notifiers().ackNotifierCount(GSI), "the other irqfd keeps the resampler");
            t.vm.irqfdDeassign(fd2, GSI);
            assertEquals(0, t.chip.notifiers().ackNotifierCount(GSI));
            assertEquals(new SetIrq(GSI, RESAMPLE, false), t.chip.setIrqLog().get(t.chip.setIrqLog().size() - 1),
                    "the last one out de-asserts the resample source");
        }

        @Test
        @DisplayName("a shared resampler signals the newest irqfd's resamplefd first (list_add_rcu at the head)")
        void sharedResamplerSignalsNewestFirst() {
            EventFd fd2 = t.harness.sim().eventFd("trigger2");
            EventFd resample2 = t.harness.sim().eventFd("resample2");
            List<String> signalled = new ArrayList<>();
            resample.addWaiter(e -> signalled.add(e.name()));
            resample2.addWaiter(e -> signalled.add(e.name()));
            t.vm.irqfd(fd, GSI, resample);
            t.vm.irqfd(fd2, GSI, resample2);
            t.chip.guestEoi(GSI);
            // virt/kvm/eventfd.c (Linux 6.18): kvm_irqfd_assign adds with list_add_rcu, i.e. at the
            // head; irqfd_resampler_notify walks list_for_each_entry_srcu from the head.
            assertEquals(List.of("resample2", resample.name()), signalled);
        }

        @Test
        @DisplayName("kvm_notify_irqfd_resampler: signals without de-asserting, true only where a resampler exists")
        void resamplerHook() {
            t.vm.irqfd(fd, GSI, resample);
            fd.signal();
            t.harness.runToIdle(100);
            int before = t.chip.setIrqLog().size();
            assertTrue(t.chip.resamplerHook().notifyResampler(GSI));
            assertEquals(1, resample.count());
            assertEquals(before, t.chip.setIrqLog().size(), "no de-assert");
            assertTrue(t.chip.level(GSI));
            assertFalse(t.chip.resamplerHook().notifyResampler(GSI + 1));
        }

        @Test
        @DisplayName("upstream signals the resamplefd at EOI even while the guest has the pin masked")
        void upstreamIgnoresMask() {
            t.vm.irqfd(fd, GSI, resample);
            t.chip.guestMask(GSI, true);
            t.chip.guestEoi(GSI);
            assertEquals(1, resample.count());
            assertEquals(ResamplerVariant.RESAMPLE_ON_EOI, t.vm.resamplerVariant());
        }
    }

    @Nested
    @DisplayName("resampler with fix irqfd-mask-notifier (Maluka v2 3/5)")
    class MaskNotifierVariant {

        private final KvmTestSupport t = new KvmTestSupport(false, true, Set.of("irqfd-mask-notifier"));
        private final EventFd fd = t.harness.sim().eventFd("trigger");
        private final EventFd resample = t.harness.sim().eventFd("resample");

        @Test
        @DisplayName("EOI while masked de-asserts but postpones the resamplefd; the unmask signals it")
        void postponedUntilUnmask() {
            t.vm.irqfd(fd, GSI, resample);
            fd.signal();
            t.harness.runToIdle(100);
            t.chip.guestMask(GSI, true);
            t.chip.guestEoi(GSI);
            assertFalse(t.chip.level(GSI), "de-asserted as upstream");
            assertEquals(0, resample.count(), "postponed");
            MaskNotifierResampler r = (MaskNotifierResampler) t.vm.irqfdsForTest().resampler(GSI);
            assertTrue(r.pending());
            t.chip.guestMask(GSI, false);
            assertEquals(1, resample.count());
            assertFalse(r.pending());
            assertEquals(List.of("1", "0"), t.harness.trace().changes("kvm", "pending").stream()
                    .map(c -> c.to()).toList());
        }

        @Test
        @DisplayName("EOI while unmasked signals at once; an unmask with nothing pending signals nothing")
        void unmaskedBehavesAsUpstream() {
            t.chip.guestMask(GSI, false);
            t.vm.irqfd(fd, GSI, resample);
            t.chip.guestEoi(GSI);
            assertEquals(1, resample.count());
            t.chip.guestMask(GSI, true);
            t.chip.guestMask(GSI, false);
            assertEquals(1, resample.count());
        }

        @Test
        @DisplayName("the resampler starts from the pin's current mask (kvm_register_and_fire_irq_mask_notifier)")
        void startsFromCurrentMask() {
            t.chip.guestMask(GSI, true);
            t.vm.irqfd(fd, GSI, resample);
            t.chip.guestEoi(GSI);
            assertEquals(0, resample.count());
            t.vm.irqfdDeassign(fd, GSI);
            t.chip.guestMask(GSI, false);
            assertEquals(0, resample.count(), "a shut-down resampler ignores its stale mask notifier");
            assertNull(t.vm.irqfdsForTest().resampler(GSI));
        }
    }

    @Nested
    @DisplayName("the irqfd's place in the eventfd's wait queue, by kvm-version")
    class WaitQueue {

        /** Two VMs of one KVM on one simulation, with the kvm-version given. */
        private KvmVm[] twoVms(SimHarness h, String version) {
            Map<String, Object> cfg = new HashMap<>(Config.defaults(KvmConfig.schema()).values());
            cfg.put(KvmConfig.KVM_VERSION, version);
            var kvm = KvmTestSupport.factory().create(new HypervisorContext(h.sim(), "kvm", Config.of(cfg), Set.of()));
            KvmVm[] vms = new KvmVm[2];
            for (int i = 0; i < 2; i++) {
                VirtualControllerFactory vic = ctx -> new ToyVirtualController(ctx, 4, Style.IOAPIC_LIKE, false);
                vms[i] = (KvmVm) kvm.createVm(new VmSpec("vm" + i, 1, "toy-vic", vic, Config.of(Map.of())));
                vms[i].irqchip().init();
            }
            return vms;
        }

        @Test
        @DisplayName("virt/kvm/eventfd.c kvm_irqfd_register (6.17): a second VM's irqfd on the eventfd is -EBUSY "
                + "(add_wait_queue_priority_exclusive); 5.11 accepts it and only the first irqfd is woken")
        void crossVmBusy() {
            SimHarness h = new SimHarness();
            KvmVm[] vms = twoVms(h, "linux-6.17");
            EventFd fd = h.sim().eventFd("shared");
            assertEquals(0, vms[0].irqfd(fd, GSI, null));
            assertEquals(-Errno.EBUSY, vms[1].irqfd(fd, GSI, null));
            assertEquals(0, vms[0].irqfdDeassign(fd, GSI));
            assertEquals(0, vms[1].irqfd(fd, GSI, null), "free again after deassign");

            SimHarness h2 = new SimHarness();
            KvmVm[] old = twoVms(h2, "linux-5.11");
            EventFd fd2 = h2.sim().eventFd("shared");
            List<String> woken = new ArrayList<>();
            fd2.addWaiter(f -> woken.add("userspace poll"));
            assertEquals(0, old[0].irqfd(fd2, GSI, null));
            assertEquals(0, old[1].irqfd(fd2, GSI, null));
            fd2.signal();
            assertEquals(List.of(), woken, "the exclusive priority irqfd at the head ends the walk");
        }

        @Test
        @DisplayName("virt/kvm/eventfd.c irqfd_ptable_queue_proc before 5.11: a plain waiter at the tail, so a "
                + "waiter queued before it is woken too")
        void plainWaiterBefore511() {
            SimHarness h = new SimHarness();
            KvmVm vm = twoVms(h, "linux-5.10")[0];
            EventFd fd = h.sim().eventFd("t");
            List<String> woken = new ArrayList<>();
            fd.addWaiter(f -> woken.add("first:" + f.count()));
            assertEquals(0, vm.irqfd(fd, GSI, null));
            fd.signal();
            assertEquals(List.of("first:1"), woken);
            assertEquals(0, fd.count(), "the irqfd read the counter after the first waiter ran");
        }

        @Test
        @DisplayName("kvm-version defaults to the newest modelled, linux-6.17")
        void defaultVersion() {
            assertEquals("linux-6.17", Config.defaults(KvmConfig.schema()).text(KvmConfig.KVM_VERSION));
        }
    }
}
