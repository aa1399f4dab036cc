package dev.irqlab.kvm;

import com.google.inject.Guice;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.doubles.ToyVirtualController;
import dev.irqlab.tck.doubles.ToyVirtualController.Style;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Builds a KVM VM over a {@link ToyVirtualController} on a fresh {@link SimHarness}. */
final class KvmTestSupport {

    final SimHarness harness = new SimHarness();

    /** The "kvm" factory as the plugin's Guice module wires it. */
    static KvmHypervisorFactory factory() {
        return Guice.createInjector(new KvmPlugin()).getInstance(KvmHypervisorFactory.class);
    }

    ToyVirtualController chip;
    KvmVm vm;

    KvmTestSupport(boolean atomic, boolean maskNotifiers, Set<String> fixes) {
        this(atomic, maskNotifiers, fixes, Map.of(), 1);
    }

    KvmTestSupport(boolean atomic, boolean maskNotifiers, Set<String> fixes, Map<String, Object> overrides,
                   int vcpus) {
        this(atomic, maskNotifiers, fixes, overrides, vcpus, false);
    }

    /** @param guestMode the fake runs in guest mode ({@code runsInGuestMode}), as the vGIC does */
    KvmTestSupport(boolean atomic, boolean maskNotifiers, Set<String> fixes, Map<String, Object> overrides,
                   int vcpus, boolean guestMode) {
        Map<String, Object> cfg = new HashMap<>(Config.defaults(KvmConfig.schema()).values());
        cfg.putAll(overrides);
        KvmHypervisorFactory factory = factory();
        VirtualControllerFactory vic = ctx -> {
            chip = new ToyVirtualController(ctx, 4, atomic ? Style.VGIC_LIKE : Style.IOAPIC_LIKE, maskNotifiers, guestMode);
            return chip;
        };
        vm = (KvmVm) factory.create(new HypervisorContext(harness.sim(), "kvm", Config.of(cfg), fixes))
                .createVm(new VmSpec("vm0", vcpus, "toy-vic", vic, Config.of(Map.of())));
        // The VMM's KVM_CREATE_IRQCHIP / KVM_DEV_ARM_VGIC_CTRL_INIT, before any KVM_IRQFD (kvm_irqfd_assign
        // is -EAGAIN until kvm_arch_intc_initialized).
        vm.irqchip().init();
    }
}
