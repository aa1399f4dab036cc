package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.ForwarderContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarder contract over the factory and host kernel a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class ForwarderContractRun extends ForwarderContract {

    private final ContractSubject subject;

    public ForwarderContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected ForwarderFactory forwarderFactory() {
        return subject.factory(ForwarderFactory.class);
    }

    @Override
    protected KernelFactory hostKernelFactory() {
        return subject.hostKernel();
    }
}
