package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyVirtualController;
import dev.irqlab.tck.doubles.ToyVirtualControllerFactory;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * virt/kvm/eventfd.c {@code kvm_irqfd_assign} starts with
 * {@code if (!kvm_arch_intc_initialized(kvm)) return -EAGAIN;} (arm64 arm.c
 * {@code kvm_arch_intc_initialized} = {@code vgic_initialized}): a VMM must issue
 * {@code KVM_DEV_ARM_VGIC_CTRL_INIT} before it connects irqfds. The controller here is the kit's
 * toy, initialised only by {@code init()} as the vGIC is by CTRL_INIT.
 */
class IrqfdBeforeIrqchipInitTest {

    private final SimHarness harness = new SimHarness();
    private final ToyVirtualControllerFactory vics = new ToyVirtualControllerFactory(16,
            ToyVirtualController.Style.VGIC_LIKE, false);
    private final Vm vm = KvmTestSupport.factory().create(new HypervisorContext(harness.sim(), "kvm",
            Config.defaults(KvmConfig.schema()), Set.of())).createVm(new VmSpec("vm0", 1, "toy", vics,
            Config.of(Map.of())));

    @Test
    @DisplayName("kvm_irqfd_assign: KVM_IRQFD before the irqchip is initialised is -EAGAIN, and binds nothing")
    void eagainBeforeInit() {
        EventFd fd = harness.sim().eventFd("trigger");
        EventFd resample = harness.sim().eventFd("resample");
        assertEquals(-Errno.EAGAIN, vm.irqfd(fd, 3, resample));
        assertEquals(-Errno.EAGAIN, vm.irqfd(fd, 3, null));
        fd.signal();
        harness.runFor(SimHarness.ms(1));
        assertTrue(vics.built().get(0).setIrqLog().isEmpty(), "nothing was bound, nothing injects");
    }

    @Test
    @DisplayName("kvm_irqfd_assign: after KVM_DEV_ARM_VGIC_CTRL_INIT the same KVM_IRQFD succeeds and injects")
    void okAfterInit() {
        EventFd fd = harness.sim().eventFd("trigger");
        vm.irqchip().init();
        assertEquals(0, vm.irqfd(fd, 3, null));
        fd.signal();
        harness.runFor(SimHarness.ms(1));
        assertTrue(vics.built().get(0).setIrqLog().stream().anyMatch(s -> s.pin() == 3 && s.level()));
    }
}
