package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The vCPU executor, exits by cause and their costs, and the guest's interrupt line. */
class VcpuAndExitTest {

    @Test
    @DisplayName("each action is bracketed by vcpuEntry/vcpuExit on its vCPU")
    void entryExitBracketing() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of(), Map.of(), 2);
        List<String> log = t.chip.entryExitLog();
        t.vm.executor().run(1, 0, "work", () -> log.add("run on " + t.vm.executor().currentCpu()));
        t.harness.runToIdle(100);
        assertEquals(List.of("entry 1", "run on 1", "exit 1"), log);
        assertEquals(-1, t.vm.executor().currentCpu());
    }

    @Test
    @DisplayName("an MMIO exit costs exit-cost.mmio and postpones the vCPU's next action until paid")
    void exitCostPostponesGuestWork() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        List<Long> ranAt = new ArrayList<>();
        t.vm.executor().run(0, 0, "mmio write", () -> t.chip.trappedAccess(ExitCause.MMIO));
        t.vm.executor().run(0, SimHarness.us(1), "next", () -> ranAt.add(t.harness.now()));
        t.harness.runToIdle(100);
        assertEquals(List.of(SimHarness.us(2)), ranAt, "due at 1 µs, run at 2 µs when the 2 µs MMIO exit is paid");
        List<TraceEvent.VmExit> exits = t.harness.trace().of(TraceEvent.VmExit.class);
        assertEquals(1, exits.size());
        assertEquals("vm0.vcpu0", exits.get(0).component());
        assertEquals(ExitCause.MMIO, exits.get(0).cause());
        assertEquals(SimHarness.us(2), exits.get(0).costNs());
        assertEquals(Map.of(ExitCause.MMIO, 1L), t.vm.exitCounts());
    }

    @Test
    @DisplayName("an exit of the guest's init_IRQ is traced as a boot exit, and costs what any exit costs")
    void bootExitIsMarked() {
        // init/main.c start_kernel -> init_IRQ: the guest's GIC driver programs the distributor, each
        // access an MMIO exit like any other; the trace marks them so per-interrupt figures leave them out
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        t.vm.executor().run(0, 0, "init_IRQ", () -> t.chip.bootAccess(ExitCause.MMIO));
        t.vm.executor().run(0, SimHarness.us(1), "request_irq", () -> t.chip.trappedAccess(ExitCause.MMIO));
        t.harness.runToIdle(100);
        List<TraceEvent.VmExit> exits = t.harness.trace().of(TraceEvent.VmExit.class);
        assertEquals(List.of(true, false), exits.stream().map(TraceEvent.VmExit::boot).toList());
        assertEquals(List.of(SimHarness.us(2), SimHarness.us(2)), exits.stream().map(TraceEvent.VmExit::costNs).toList());
        assertEquals(Map.of(ExitCause.MMIO, 2L), t.vm.exitCounts());
    }

    @Test
    @DisplayName("exits add up, costs come from configuration, and postponed actions keep their order")
    void costsAccumulateAndOrderIsKept() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of(),
                Map.of(KvmConfig.exitCostKey(ExitCause.APIC_EOI), 3_000L), 1);
        List<String> order = new ArrayList<>();
        t.vm.executor().run(0, 0, "two exits", () -> {
            t.chip.trappedAccess(ExitCause.APIC_EOI);
            t.chip.trappedAccess(ExitCause.MAINTENANCE);
        });
        t.vm.executor().run(0, 500, "a", () -> order.add("a@" + t.harness.now()));
        t.vm.executor().run(0, 100, "b", () -> order.add("b@" + t.harness.now()));
        t.harness.runToIdle(100);
        assertEquals(List.of("b@4000", "a@4000"), order, "by due time, after 3 µs + 1 µs of exits");
        assertEquals(Map.of(ExitCause.APIC_EOI, 1L, ExitCause.MAINTENANCE, 1L), t.vm.exitCounts());
    }

    @Test
    @DisplayName("exits charge the vCPU that runs guest code, not the others")
    void exitsChargeTheRunningVcpu() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of(), Map.of(), 2);
        List<Long> vcpu0At = new ArrayList<>();
        t.vm.executor().run(1, 0, "exit on 1", () -> t.chip.trappedAccess(ExitCause.SYSREG));
        t.vm.executor().run(0, 10, "vcpu0", () -> vcpu0At.add(t.harness.now()));
        t.harness.runToIdle(100);
        assertEquals(List.of(10L), vcpu0At);
        assertEquals("vm0.vcpu1", t.harness.trace().of(TraceEvent.VmExit.class).get(0).component());
    }

    @Test
    @DisplayName("a kick's exit is the kicked vCPU's: it pays the cost, vCPU 0 running the kicker does not")
    void kickChargesTheKickedVcpu() {
        // virt/kvm/kvm_main.c kvm_vcpu_kick: the IPI forces the target vCPU out of guest mode; the
        // vCPU that queued the interrupt (here vCPU 0, in an MMIO exit) pays only its own exit.
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of(), Map.of(), 2);
        List<String> ran = new ArrayList<>();
        t.vm.executor().run(0, 0, "queue for vcpu1", () -> t.chip.exitOf(1, ExitCause.EXTERNAL_INTERRUPT));
        t.vm.executor().run(0, 10, "vcpu0", () -> ran.add("vcpu0@" + t.harness.now()));
        t.vm.executor().run(1, 10, "vcpu1", () -> ran.add("vcpu1@" + t.harness.now()));
        t.harness.runToIdle(100);
        assertEquals(List.of("vcpu0@10", "vcpu1@1000"), ran);
        assertEquals("vm0.vcpu1", t.harness.trace().of(TraceEvent.VmExit.class).get(0).component());
    }

    @Test
    @DisplayName("a raised controller output reaches the guest after injection-latency, later if the vCPU is busy; lowering is immediate")
    void guestLineAfterInjectionLatency() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        List<String> guest = new ArrayList<>();
        t.vm.attachGuest(v -> level -> guest.add(level + "@" + t.harness.now()));
        t.chip.raiseCpu(0, true);
        t.harness.runToIdle(100);
        assertEquals(List.of("true@1000"), guest);

        // The guest acknowledged: the controller lowers the line and the CPU sees no pending interrupt
        // from that moment on (no stale second entry).
        t.chip.raiseCpu(0, false);
        assertEquals(List.of("true@1000", "false@1000"), guest);

        t.vm.executor().run(0, 0, "mmio", () -> t.chip.trappedAccess(ExitCause.MMIO));
        t.chip.raiseCpu(0, true);
        t.harness.runToIdle(100);
        assertEquals(List.of("true@1000", "false@1000", "true@3000"), guest,
                "1 µs latency, but the vCPU is in a 2 µs exit");
        assertThrows(IllegalStateException.class, () -> t.vm.attachGuest(v -> level -> { }));
    }

    @Test
    @DisplayName("a raise withdrawn before the injection latency has passed delivers nothing")
    void withdrawnRaise() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        List<String> guest = new ArrayList<>();
        t.vm.attachGuest(v -> level -> guest.add(level + "@" + t.harness.now()));
        t.chip.raiseCpu(0, true);
        t.chip.raiseCpu(0, false);
        t.harness.runToIdle(100);
        assertEquals(List.of("false@0", "false@1000"), guest);
    }

    @Test
    @DisplayName("work on a vCPU that does not exist is a model bug: IllegalArgumentException")
    void unknownVcpu() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of());
        assertThrows(IllegalArgumentException.class, () -> t.vm.executor().run(1, 0, "x", () -> { }));
    }
}
