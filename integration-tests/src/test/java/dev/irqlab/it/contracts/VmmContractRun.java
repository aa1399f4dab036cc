package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.tck.VmmContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The VMM contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class VmmContractRun extends VmmContract {

    private final ContractSubject subject;

    public VmmContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected VmmFactory vmmFactory() {
        return subject.factory(VmmFactory.class);
    }
}
