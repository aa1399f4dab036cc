package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vCPU run loop for a controller that runs in guest mode (arm64 arm.c
 * {@code kvm_arch_vcpu_ioctl_run}, 6.17-6.19): entry once per stretch in guest mode, a trapped WFI
 * ({@code kvm_handle_wfx} → {@code kvm_vcpu_wfi} → {@code kvm_vcpu_halt}) when the guest has nothing to
 * run, and {@code kvm_vcpu_kick} forcing an exit only out of guest mode.
 */
class GuestModeTest {

    private static KvmTestSupport vm(int vcpus) {
        return new KvmTestSupport(false, false, Set.of(), Map.of(), vcpus, true);
    }

    private static long exits(KvmTestSupport t, ExitCause cause) {
        return t.vm.exitCounts().getOrDefault(cause, 0L);
    }

    @Test
    @DisplayName("work and its own continuations run in one stretch in guest mode, then the idle guest's WFI exits once")
    void oneEntryAndOneWfiPerBusyPeriod() {
        KvmTestSupport t = vm(1);
        List<String> log = t.chip.entryExitLog();
        t.vm.executor().run(0, 0, "hard irq", () -> {
            log.add("hard irq");
            // wake_up_process of the irq thread on this vCPU: the vCPU stays busy until it runs
            t.vm.executor().run(0, SimHarness.us(5), "irq thread", () -> log.add("thread@" + t.harness.now()));
        });
        t.harness.runToIdle(100);
        assertEquals(List.of("entry 0", "hard irq", "thread@5000", "exit 0"), log);
        assertEquals(Map.of(ExitCause.IDLE, 1L), t.vm.exitCounts());
        TraceEvent.VmExit wfi = t.harness.trace().of(TraceEvent.VmExit.class).get(0);
        assertEquals("vm0.vcpu0", wfi.component());
        assertEquals(SimHarness.us(5), wfi.time(), "the WFI follows the last work");
        assertTrue(wfi.detail().startsWith("WFI"), wfi.detail());
    }

    @Test
    @DisplayName("an idle period between two pieces of work from outside is one WFI exit each, and each wake re-enters")
    void wfiPerIdlePeriod() {
        KvmTestSupport t = vm(1);
        List<String> log = t.chip.entryExitLog();
        t.vm.executor().run(0, SimHarness.us(10), "first", () -> log.add("first"));
        t.vm.executor().run(0, SimHarness.us(50), "second", () -> log.add("second"));
        assertTwoIdlePeriods(t, "first", "second");
    }

    /** Two stretches in guest mode, each ended by the guest's WFI. */
    private static void assertTwoIdlePeriods(KvmTestSupport t, String first, String second) {
        t.harness.runToIdle(100);
        assertEquals(List.of("entry 0", first, "exit 0", "entry 0", second, "exit 0"), t.chip.entryExitLog());
        assertEquals(2L, exits(t, ExitCause.IDLE));
    }

    @Test
    @DisplayName("work a timer starts (runOnTimer) lets the vCPU idle until it expires")
    void timerWorkIsAnIdlePeriod() {
        KvmTestSupport t = vm(1);
        List<String> log = t.chip.entryExitLog();
        t.vm.executor().run(0, 0, "arm timer", () -> {
            log.add("mod_timer");
            t.vm.executor().runOnTimer(0, SimHarness.ms(100), "timer", () -> log.add("timer"));
        });
        assertTwoIdlePeriods(t, "mod_timer", "timer");
    }

    @Test
    @DisplayName("no WFI exit while an interrupt is pending for the vCPU: its WFI would complete at once")
    void noWfiWithAnInterruptPending() {
        KvmTestSupport t = vm(1);
        List<String> guest = new ArrayList<>();
        t.vm.attachGuest(v -> level -> guest.add(level + "@" + t.harness.now()));
        t.vm.executor().run(0, 0, "raise", () -> t.chip.raiseCpu(0, true));
        t.harness.runToIdle(100);
        // the raise's delivery (injection-latency 1 µs) is the vCPU's own continuation; after it the
        // line is still up (nobody acknowledged), so the guest never idles
        assertEquals(List.of("true@1000"), guest);
        assertEquals(0L, exits(t, ExitCause.IDLE));
        t.chip.raiseCpu(0, false);
        t.vm.executor().run(0, 0, "after the ack", () -> { });
        t.harness.runToIdle(100);
        assertEquals(1L, exits(t, ExitCause.IDLE));
    }

    @Test
    @DisplayName("a kick forces an exit out of guest mode only: charged to the kicked vCPU; none for a halted vCPU")
    void kickExitsOnlyInGuestMode() {
        KvmTestSupport t = vm(2);
        // vCPU 1 halted (never entered, or idle after WFI): kvm_vcpu_kick wakes it, no IPI, no exit
        assertFalse(t.chip.kick(1));
        // vCPU 1 in guest mode: busy with its thread's wake-up for 5 µs
        t.vm.executor().run(1, 0, "hard irq", () ->
                t.vm.executor().run(1, SimHarness.us(5), "irq thread", () -> { }));
        List<Boolean> kicked = new ArrayList<>();
        t.harness.sim().scheduler().schedule(SimHarness.us(1), "host injects", () -> kicked.add(t.chip.kick(1)));
        t.harness.runToIdle(100);
        assertEquals(List.of(true), kicked);
        assertEquals(1L, exits(t, ExitCause.EXTERNAL_INTERRUPT));
        List<TraceEvent.VmExit> traced = t.harness.trace().of(TraceEvent.VmExit.class);
        assertEquals("vm0.vcpu1", traced.get(0).component());
        assertEquals(ExitCause.EXTERNAL_INTERRUPT, traced.get(0).cause());
    }

    @Test
    @DisplayName("a vCPU in the host paying an exit is outside guest mode: a kick then takes no second exit")
    void kickDuringAnExitIsSeenAtEntry() {
        KvmTestSupport t = vm(1);
        List<Boolean> kicked = new ArrayList<>();
        t.vm.executor().run(0, 0, "mmio", () -> {
            t.chip.trappedAccess(ExitCause.MMIO); // 2 µs in the host
            t.vm.executor().run(0, SimHarness.us(10), "more", () -> { });
        });
        t.harness.sim().scheduler().schedule(SimHarness.us(1), "inject during the exit", () -> kicked.add(t.chip.kick(0)));
        t.harness.sim().scheduler().schedule(SimHarness.us(3), "inject in guest mode", () -> kicked.add(t.chip.kick(0)));
        t.harness.runToIdle(100);
        assertEquals(List.of(false, true), kicked);
        assertEquals(Map.of(ExitCause.MMIO, 1L, ExitCause.EXTERNAL_INTERRUPT, 1L, ExitCause.IDLE, 1L),
                t.vm.exitCounts());
    }

    @Test
    @DisplayName("a controller that does not run in guest mode keeps one entry/exit per action and no idle exits")
    void otherControllersUnchanged() {
        KvmTestSupport t = new KvmTestSupport(false, false, Set.of(), Map.of(), 1);
        t.vm.executor().run(0, 10, "a", () -> { });
        t.vm.executor().run(0, 20, "b", () -> { });
        t.harness.runToIdle(100);
        assertEquals(List.of("entry 0", "exit 0", "entry 0", "exit 0"), t.chip.entryExitLog());
        assertEquals(Map.of(), t.vm.exitCounts());
        assertTrue(t.chip.kick(0), "the kick's exit, as before");
    }
}
