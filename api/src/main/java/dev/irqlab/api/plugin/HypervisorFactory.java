package dev.irqlab.api.plugin;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import java.util.Optional;

/** Builds the hypervisor. */
public interface HypervisorFactory extends Configurable {

    Hypervisor create(HypervisorContext context);

    /**
     * The in-kernel interrupt controller this hypervisor gives a VM on a host whose physical
     * controller is the factory named {@code hostController} ("gicv3"), as a virtual controller
     * factory name ("vgic-v3"), used when a scenario names none; empty when it has none for that
     * host. KVM decides this from what the host's irqchip driver reports (arm64
     * {@code kvm_vgic_hyp_init} reads {@code gic_kvm_info->type}), x86 {@code KVM_CREATE_IRQCHIP}.
     */
    default Optional<String> irqchipFor(String hostController) {
        return Optional.empty();
    }
}
