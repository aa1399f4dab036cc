package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.doubles.ToyVirtualController;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every hypervisor plugin passes: one VM built over the kit's
 * {@link ToyVirtualController}, driven as a VMM drives KVM ({@code KVM_IRQFD} with and without
 * {@code KVM_IRQFD_FLAG_RESAMPLE}, {@code KVM_IRQFD_FLAG_DEASSIGN}, {@code KVM_IRQ_LINE}) and as a guest
 * acknowledges (the controller's ack notifiers). The injection tests run twice: over a controller that
 * can inject from the event fd wake-up itself and keeps one level per pin (arm64 vGIC, vgic-irqfd.c
 * {@code kvm_arch_set_irq_inatomic}) and over one that cannot and keeps a level per irq source (x86
 * IO-APIC: injection from the irqfd's work item), since the semantics at the controller must not
 * depend on the path (virt/kvm/eventfd.c {@code irqfd_wakeup}, {@code irqfd_inject},
 * {@code irqfd_resampler_ack}).
 */
public abstract class HypervisorContract {

    /** The GSI the tests route (identity-routed to the controller pin of the same number). */
    protected static final int GSI = 3;
    protected static final String ATOMIC = "over a {0} controller";
    /** {@code KVM_USERSPACE_IRQ_SOURCE_ID}. */
    protected static final int USERSPACE_SOURCE = 0;
    /** {@code KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID}. */
    protected static final int RESAMPLE_SOURCE = 1;

    /** The factory under test. */
    protected abstract HypervisorFactory hypervisorFactory();

    /** The hypervisor's configuration: its schema's defaults unless overridden. */
    protected Config hypervisorConfig() {
        return Config.defaults(hypervisorFactory().schema());
    }

    /** One VM over a toy controller, with a recording guest line on vCPU 0. */
    protected final class Rig {
        public final SimHarness harness = new SimHarness();
        public final ToyVirtualControllerFactory vics;
        public final Vm vm;
        public final ToyVirtualController chip;
        public final CpuLineProbe guest = new CpuLineProbe();

        public Rig(Style style) {
            vics = new ToyVirtualControllerFactory(16, style, false);
            vm = hypervisorFactory().create(new HypervisorContext(harness.sim(), "kvm", hypervisorConfig(), Set.of()))
                    .createVm(new VmSpec("vm0", 1, "toy-vic", vics, Config.of(Map.of())));
            chip = vics.built().isEmpty() ? null : vics.built().get(0);
            vm.attachGuest(v -> guest);
        }

        public Rig started() {
            vm.start();
            return this;
        }

        public EventFd fd(String name) {
            return harness.sim().eventFd(name);
        }

        public void settle() {
            harness.runFor(SimHarness.ms(1));
        }

        /** {@code setIrq} calls with level 1 on the test GSI so far. */
        public long raises() {
            return chip.setIrqLog().stream().filter(s -> s.pin() == GSI && s.level()).count();
        }
    }

    @Nested
    @DisplayName("createVm and the vCPUs")
    class CreateVm {
        @Test
        @DisplayName("builds the virtual controller once through the spec's factory, named <vm>.<irqchip>, with the VM's vCPUs")
        void buildsController() {
            Rig r = new Rig(Style.VGIC_LIKE);
            assertEquals(1, r.vics.built().size());
            assertSame(r.chip, r.vm.irqchip());
            assertEquals("vm0.toy-vic", r.vics.contexts().get(0).name());
            assertEquals(1, r.vics.contexts().get(0).vcpus());
            assertNotNull(r.vics.contexts().get(0).exits());
            assertEquals("vm0", r.vm.name());
            assertEquals(1, r.vm.vcpus());
        }

        @Test
        @DisplayName("start() initialises the irqchip")
        void startInitialises() {
            Rig r = new Rig(Style.VGIC_LIKE);
            r.vm.start();
            assertTrue(r.chip.initialized());
        }

        @Test
        @DisplayName("guest work runs on its vCPU between vcpuEntry and vcpuExit")
        void bracketsGuestWork() {
            Rig r = new Rig(Style.VGIC_LIKE).started();
            List<String> log = new ArrayList<>();
            r.vm.executor().run(0, 0, "guest work", () -> log.add("ran on " + r.vm.executor().currentCpu()
                    + " after " + r.chip.entryExitLog()));
            r.settle();
            assertEquals(List.of("ran on 0 after [entry 0]"), log);
            assertEquals(List.of("entry 0", "exit 0"), r.chip.entryExitLog());
            assertEquals(-1, r.vm.executor().currentCpu());
        }

        @Test
        @DisplayName("the controller's CPU output reaches the guest's interrupt line")
        void guestLine() {
            Rig r = new Rig(Style.VGIC_LIKE).started();
            r.chip.raiseCpu(0, true);
            r.settle();
            assertTrue(r.guest.asserted());
            r.chip.raiseCpu(0, false);
            r.settle();
            assertFalse(r.guest.asserted());
        }

        @Test
        @DisplayName("exits the controller reports while guest code runs are counted by cause and traced on vm0.vcpu0")
        void exitsByCause() {
            Rig r = new Rig(Style.VGIC_LIKE).started();
            r.vm.executor().run(0, 0, "trapping guest", () -> {
                r.chip.trappedAccess(ExitCause.MMIO);
                r.chip.trappedAccess(ExitCause.MMIO);
                r.chip.trappedAccess(ExitCause.APIC_EOI);
            });
            r.settle();
            Map<ExitCause, Long> counts = r.vm.exitCounts();
            assertEquals(2L, counts.get(ExitCause.MMIO));
            assertEquals(1L, counts.get(ExitCause.APIC_EOI));
            assertEquals(3L, counts.values().stream().mapToLong(Long::longValue).sum(), counts.toString());
            List<TraceEvent.VmExit> traced = r.harness.trace().of(TraceEvent.VmExit.class);
            assertEquals(3, traced.size());
            assertTrue(traced.stream().allMatch(e -> e.component().equals("vm0.vcpu0")), traced.toString());
        }
    }

    @Nested
    @DisplayName("exits to the VMM")
    class ExitToVmm {
        @Test
        @DisplayName("an exit to the VMM is counted by its cause and traced on the vCPU, its cost including the VMM's own time")
        void countedAndCharged() {
            Rig r = new Rig(Style.VGIC_LIKE).started();
            r.vm.executor().run(0, 0, "guest access to an unmapped region",
                    () -> r.vm.exitToVmm(ExitCause.MMIO, "region read", 5_000));
            r.settle();
            assertEquals(Map.of(ExitCause.MMIO, 1L), r.vm.exitCounts());
            List<TraceEvent.VmExit> traced = r.harness.trace().of(TraceEvent.VmExit.class);
            assertEquals(1, traced.size());
            assertEquals("vm0.vcpu0", traced.get(0).component());
            assertTrue(traced.get(0).costNs() >= 5_000, traced.toString());
        }
    }

    @Nested
    @DisplayName("KVM_IRQFD")
    class Irqfd {
        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("a signalled irqfd raises the GSI's pin at the controller")
        void injects(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            assertEquals(0, r.vm.irqfd(fd, GSI, null));
            fd.signal();
            r.settle();
            assertEquals(1, r.raises(), r.chip.setIrqLog().toString());
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("a resample irqfd raises the pin at the signal itself from the userspace source when the"
                + " controller injects in atomic context, else from the inject work with the resample source")
        void sourceFollowsTheAtomicPath(Style style) {
            // virt/kvm/eventfd.c irqfd_wakeup: kvm_arch_set_irq_inatomic(KVM_USERSPACE_IRQ_SOURCE_ID) or
            // schedule irqfd_inject, which uses KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID for a resample irqfd.
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            assertEquals(0, r.vm.irqfd(fd, GSI, r.fd("resample")));
            fd.signal();
            boolean atomic = r.chip.injectsInAtomicContext();
            assertEquals(atomic ? 1 : 0, r.raises(), "raised at the signal itself: " + r.chip.setIrqLog());
            r.settle();
            int source = atomic ? USERSPACE_SOURCE : RESAMPLE_SOURCE;
            assertEquals(List.of(new ToyVirtualController.SetIrq(GSI, source, true)),
                    r.chip.setIrqLog().stream().filter(s -> s.pin() == GSI && s.level()).toList());
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("an fd already bound to an irqfd of the VM is refused with -EBUSY, on any GSI")
        void busy(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            assertEquals(0, r.vm.irqfd(fd, GSI, null));
            assertEquals(-Errno.EBUSY, r.vm.irqfd(fd, GSI, null));
            assertEquals(-Errno.EBUSY, r.vm.irqfd(fd, GSI + 1, null));
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("after deassign, signals inject nothing, and the fd can be bound again")
        void deassign(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            assertEquals(0, r.vm.irqfd(fd, GSI, null));
            assertEquals(0, r.vm.irqfdDeassign(fd, GSI));
            r.settle();
            fd.signal();
            r.settle();
            assertEquals(0, r.raises(), r.chip.setIrqLog().toString());
            assertEquals(0, r.vm.irqfd(fd, GSI, null));
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("KVM_IRQ_LINE sets and clears the pin")
        void irqLine(Style style) {
            Rig r = new Rig(style).started();
            assertEquals(0, r.vm.irqLine(GSI, true));
            assertTrue(r.chip.level(GSI));
            assertEquals(0, r.vm.irqLine(GSI, false));
            assertFalse(r.chip.level(GSI));
        }
    }

    @Nested
    @DisplayName("KVM_IRQFD with a resamplefd")
    class Resample {
        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("holds the line asserted until the guest acknowledges, without signalling the resamplefd")
        void holds(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            EventFd rs = r.fd("resample");
            assertEquals(0, r.vm.irqfd(fd, GSI, rs));
            fd.signal();
            r.settle();
            r.settle();
            assertTrue(r.chip.level(GSI), "the line is held: " + r.chip.setIrqLog());
            assertEquals(0, rs.count());
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("the guest's ack de-asserts the line, then signals the resamplefd once")
        void deassertsThenSignals(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            EventFd rs = r.fd("resample");
            List<Boolean> levelAtSignal = new ArrayList<>();
            rs.addWaiter(e -> levelAtSignal.add(r.chip.level(GSI)));
            assertEquals(0, r.vm.irqfd(fd, GSI, rs));
            fd.signal();
            r.settle();
            r.chip.guestEoi(GSI);
            r.settle();
            assertEquals(1, rs.count());
            assertEquals(List.of(false), levelAtSignal, "irqfd_resampler_ack: kvm_set_irq(..., 0) before the signal");
            assertFalse(r.chip.level(GSI));
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("a signal after the resample raises the line again")
        void raisesAgain(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            EventFd rs = r.fd("resample");
            assertEquals(0, r.vm.irqfd(fd, GSI, rs));
            fd.signal();
            r.settle();
            r.chip.guestEoi(GSI);
            r.settle();
            fd.signal();
            r.settle();
            assertTrue(r.chip.level(GSI));
        }

        @ParameterizedTest(name = ATOMIC)
        @EnumSource(Style.class)
        @DisplayName("deassigning the last resample irqfd of the GSI de-asserts the line")
        void deassignDeasserts(Style style) {
            Rig r = new Rig(style).started();
            EventFd fd = r.fd("trigger");
            EventFd rs = r.fd("resample");
            assertEquals(0, r.vm.irqfd(fd, GSI, rs));
            fd.signal();
            r.settle();
            assertTrue(r.chip.level(GSI));
            assertEquals(0, r.vm.irqfdDeassign(fd, GSI));
            r.settle();
            assertFalse(r.chip.level(GSI), "irqfd_resampler_shutdown: kvm_set_irq(RESAMPLE source, gsi, 0)");
        }
    }
}
