package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.SimHarness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A {@code KVM_RUN} that returns to the VMM (virt/kvm/kvm_main.c {@code kvm_vcpu_ioctl}: an MMIO
 * access no in-kernel device claims, {@code KVM_EXIT_MMIO}): the exit is KVM's, the handling the
 * VMM's; the vCPU is out of the guest for both.
 */
class ExitToVmmTest {

    @Test
    @DisplayName("KVM_EXIT_MMIO to the VMM costs the vCPU exit-cost.mmio plus the VMM's handling, and counts as an MMIO exit")
    void costIsExitPlusVmm() {
        KvmTestSupport t = new KvmTestSupport(true, false, Set.of());
        t.vm.start();
        t.vm.executor().run(0, 0, "guest reads an unmapped region", () -> t.vm.exitToVmm(ExitCause.MMIO,
                "vfio region read", 8_000));
        t.harness.runFor(SimHarness.ms(1));
        assertEquals(Map.of(ExitCause.MMIO, 1L), t.vm.exitCounts());
        List<TraceEvent.VmExit> exits = t.harness.trace().of(TraceEvent.VmExit.class);
        assertEquals(KvmConfig.defaultExitCost(ExitCause.MMIO) + 8_000, exits.get(0).costNs());
    }
}
