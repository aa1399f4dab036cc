package dev.irqlab.it.contracts;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.tck.PhysicalControllerContract;
import dev.irqlab.tck.SimHarness;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/** The physical-controller contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class PhysicalControllerContractRun extends PhysicalControllerContract {

    private final ContractSubject subject;

    public PhysicalControllerContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected PhysicalInterruptController newController(SimHarness h) {
        return subject.factory(PhysicalControllerFactory.class)
                .create(new ControllerContext(h.sim(), "host." + subject.name(), 1, subject.defaults(), Set.of()));
    }
}
