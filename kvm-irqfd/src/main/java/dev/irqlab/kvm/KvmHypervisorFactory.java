package dev.irqlab.kvm;

import com.google.inject.Inject;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.ParsedConfigs;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Factory "kvm". The virtual controller's component name is {@code <vm>.<VmSpec.irqchipName>}. */
public final class KvmHypervisorFactory implements HypervisorFactory {

    private final Kvm.Factory kvms;
    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<KvmConfig> configs = new ParsedConfigs<>(KvmConfig::from);

    @Inject
    KvmHypervisorFactory(Kvm.Factory kvms) {
        this.kvms = kvms;
    }

    @Override
    public List<ConfigKey> schema() {
        return KvmConfig.schema();
    }

    /**
     * KVM's in-kernel irqchip for the host's controller. arm64: the vGIC of the host GIC's version,
     * which the host GIC driver reports to KVM (vgic-init.c {@code kvm_vgic_hyp_init} switches on
     * {@code gic_kvm_info->type}; QEMU's {@code gic-version=host} creates that model); x86:
     * {@code KVM_CREATE_IRQCHIP}, whose IO-APIC the guest's devices are wired to.
     */
    private static final Map<String, String> IRQCHIP_FOR_HOST = Map.of(
            "gicv2", "vgic-v2",
            "gicv3", "vgic-v3",
            "ioapic", "kvm-ioapic");

    @Override
    public Optional<String> irqchipFor(String hostController) {
        return Optional.ofNullable(IRQCHIP_FOR_HOST.get(hostController));
    }

    @Override
    public Hypervisor create(HypervisorContext context) {
        return kvms.create(context, configs.of(context.config()));
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
