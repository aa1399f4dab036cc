package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.tck.HypervisorContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hypervisor contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class HypervisorContractRun extends HypervisorContract {

    private final ContractSubject subject;

    public HypervisorContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected HypervisorFactory hypervisorFactory() {
        return subject.factory(HypervisorFactory.class);
    }
}
