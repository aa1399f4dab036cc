package dev.irqlab.api.plugin;

import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import java.util.List;

/**
 * Builds the VMM of a run (scenario {@code platform.vmm}, default {@code qemu}). Bound by name in a
 * plugin's module; its {@link #schema()} is what the scenario's {@code vmm:} section may set
 * besides {@code vm-start}.
 */
public interface VmmFactory extends Configurable {

    Vmm create(VmmContext context);

    /**
     * Whether this VMM assigns vfio-platform devices; false: PCI functions only
     * ({@code VFIO_DEVICE_FLAGS_PCI}), whose INTx is one level irq (cloud-hypervisor).
     */
    default boolean vfioPlatform() {
        return true;
    }

    /**
     * Whether a level irq it wires gets VFIO's {@code VFIO_IRQ_SET_ACTION_UNMASK} eventfd, signalled by
     * KVM's resampler ({@code KVM_IRQFD_FLAG_RESAMPLE}) or by the VMM's own IO-APIC at the EOI; false:
     * no such eventfd, the VMM unmasks VFIO by other means (cloud-hypervisor: after trapped BAR
     * accesses).
     */
    default boolean unmaskEventfd() {
        return true;
    }

    /** The in-kernel irqchips (virtual controller names) it can create a VM with; empty: any. */
    default List<String> irqchips() {
        return List.of();
    }

    /**
     * The configurations {@code irqlab matrix} runs this VMM with, one table each, the first being the
     * VMM as it runs by default; by default that one alone ({@code default}).
     */
    default List<MatrixPreset> matrixPresets() {
        return List.of(MatrixPreset.defaults("default"));
    }
}
