package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.KernelContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kernel contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class KernelContractRun extends KernelContract {

    private final ContractSubject subject;

    public KernelContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected KernelFactory kernelFactory() {
        return subject.factory(KernelFactory.class);
    }
}
