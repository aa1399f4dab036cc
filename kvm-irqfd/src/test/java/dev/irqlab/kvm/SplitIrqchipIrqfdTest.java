package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.irqlab.api.Errno;
import dev.irqlab.api.sim.EventFd;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** virt/kvm/eventfd.c kvm_irqfd_assign with x86 irq.c kvm_arch_irqfd_allowed under KVM_CAP_SPLIT_IRQCHIP. */
class SplitIrqchipIrqfdTest {

    private final KvmTestSupport kvm = new KvmTestSupport(true, false, Set.of());

    @Test
    @DisplayName("kvm_arch_irqfd_allowed: a resample irqfd needs irqchip_full, else -EINVAL and nothing bound; "
            + "a plain irqfd is accepted (irqchip_in_kernel)")
    void resampleRefused() {
        kvm.chip.setIrqchipFull(false);
        EventFd trigger = kvm.harness.sim().eventFd("trigger");
        EventFd resample = kvm.harness.sim().eventFd("resample");
        assertEquals(-Errno.EINVAL, kvm.vm.irqfd(trigger, 2, resample));
        assertNull(kvm.vm.irqfdsForTest().resampler(2), "no resampler was created");
        assertEquals(0, kvm.vm.irqfd(trigger, 2, null));
    }
}
