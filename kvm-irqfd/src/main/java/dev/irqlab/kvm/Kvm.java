package dev.irqlab.kvm;

import com.google.inject.Inject;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;

/** The KVM module of the host ({@code /dev/kvm}): creates VMs with its configuration and the scenario's fixes. */
public final class Kvm implements Hypervisor {

    private final KvmVm.Factory vms;
    private final HypervisorContext context;
    private final KvmConfig config;

    /** Makes the KVM module of one run. */
    static final class Factory {
        private final KvmVm.Factory vms;

        @Inject
        Factory(KvmVm.Factory vms) {
            this.vms = vms;
        }

        Kvm create(HypervisorContext context, KvmConfig config) {
            return new Kvm(vms, context, config);
        }
    }

    Kvm(KvmVm.Factory vms, HypervisorContext context, KvmConfig config) {
        this.vms = vms;
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
        return vms.create(context.sim(), spec, config, context.fixes(), context.hostHz());
    }

    public KvmConfig config() {
        return config;
    }
}
