package dev.irqlab.kvm;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;

/** The KVM module of the host ({@code /dev/kvm}): creates VMs with its configuration and the scenario's fixes. */
public final class Kvm implements Hypervisor {

    private final HypervisorContext context;
    private final KvmConfig config;

    Kvm(HypervisorContext context, KvmConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public String name() {
        return context.name();
    }

    /** {@code KVM_CREATE_VM}, {@code KVM_CREATE_VCPU} × n, {@code KVM_CREATE_IRQCHIP} / vGIC device. */
    @Override
    public Vm createVm(VmSpec spec) {
        return new KvmVm(context.sim(), spec, spec.irqchipName(), config, context.fixes());
    }

    public KvmConfig config() {
        return config;
    }
}
