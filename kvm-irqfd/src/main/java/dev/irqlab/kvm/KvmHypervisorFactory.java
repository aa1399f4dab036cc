package dev.irqlab.kvm;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.HypervisorFactory;
import java.util.List;

/** Factory "kvm". The virtual controller's component name is {@code <vm>.<VmSpec.irqchipName>}. */
public final class KvmHypervisorFactory implements HypervisorFactory {

    @Override
    public List<ConfigKey> schema() {
        return KvmConfig.schema();
    }

    @Override
    public Hypervisor create(HypervisorContext context) {
        return new Kvm(context, KvmConfig.from(context.config()));
    }

    @Override
    public String summary() {
        return "KVM: VMs, vCPUs paying exit costs, KVM_IRQFD with resamplefd";
    }

    @Override
    public String source() {
        return "virt/kvm/eventfd.c, virt/kvm/kvm_main.c";
    }
}
