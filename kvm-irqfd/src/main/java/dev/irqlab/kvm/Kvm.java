package dev.irqlab.kvm;

import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.function.Function;

/** The KVM module of the host ({@code /dev/kvm}): creates VMs with its configuration and the scenario's fixes. */
public final class Kvm implements Hypervisor {

    private final HypervisorContext context;
    private final KvmConfig config;
    private final Function<VirtualControllerFactory, String> irqchipNames;

    Kvm(HypervisorContext context, KvmConfig config, Function<VirtualControllerFactory, String> irqchipNames) {
        this.context = context;
        this.config = config;
        this.irqchipNames = irqchipNames;
    }

    @Override
    public String name() {
        return context.name();
    }

    /** {@code KVM_CREATE_VM}, {@code KVM_CREATE_VCPU} × n, {@code KVM_CREATE_IRQCHIP} / vGIC device. */
    @Override
    public Vm createVm(VmSpec spec) {
        return new KvmVm(context.sim(), spec, irqchipNames.apply(spec.irqchip()), config, context.fixes());
    }

    public KvmConfig config() {
        return config;
    }
}
