package dev.irqlab.kvm;

import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.tck.HypervisorContract;

/** The hypervisor contract for HypervisorFactory "kvm" with its default configuration. */
class KvmHypervisorContractTest extends HypervisorContract {
    @Override
    protected HypervisorFactory hypervisorFactory() {
        return new KvmHypervisorFactory();
    }
}
