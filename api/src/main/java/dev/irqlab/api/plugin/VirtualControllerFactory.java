package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.VirtualInterruptController;
import java.util.Set;

/** Builds a VM's in-kernel virtual interrupt controller. Called by the hypervisor in {@code createVm}. */
public interface VirtualControllerFactory extends Configurable {

    VirtualInterruptController create(VirtualControllerContext context);

    /**
     * The fix options (of those the plugin declares) that the kernel version this configuration
     * selects already contains upstream, so that a controller built with it and no {@code fix:}
     * behaves as under them: kvm-ioapic {@code kvm-version: linux-6.3} resamples at unmask
     * (fef8f2b90edb, {@code resample-on-unmask}). Empty by default: the configuration models KVM
     * before every fix.
     */
    default Set<String> fixesMergedIn(Config config) {
        return Set.of();
    }

    /**
     * Whether the hypervisor this configuration models acknowledges an interrupt itself while it
     * delivers it, so that the ack notifiers run at delivery rather than at the guest's EOI and a
     * level line the source keeps high is delivered again at once: kvm-ioapic {@code kvm-flavour: pvm}
     * ({@code kvm_pvm}, not mainline: {@code pvm_deliver_pending_event} writes the guest's LAPIC EOI).
     * False by default (mainline KVM).
     */
    default boolean acksAtDelivery(Config config) {
        return false;
    }
}
