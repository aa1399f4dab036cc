package dev.irqlab.api.plugin;

import dev.irqlab.api.controller.VirtualInterruptController;
import java.util.List;
import java.util.Map;
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

    /**
     * The host controllers (physical controller factory names) on which {@code irqlab matrix} runs a VM
     * with this virtual controller, one block of rows each: the pair the hypervisor offers on that host.
     * Empty by default: the virtual controller is in no matrix row.
     */
    default List<String> matrixHosts() {
        return List.of();
    }

    /**
     * The configuration (keys of {@link #schema()}, in this order) with which {@code irqlab matrix} runs
     * this virtual controller in its rows with fix {@code fix} ({@code none}: upstream): the kernel
     * version the fix applies to, and for {@code none} the version the fixes are compared against,
     * in which {@link #fixesMergedIn} is empty. Empty by default: its defaults.
     */
    default Map<String, String> matrixConfig(String fix) {
        return Map.of();
    }
}
