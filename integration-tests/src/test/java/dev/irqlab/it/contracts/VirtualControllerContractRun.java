package dev.irqlab.it.contracts;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.VirtualControllerContract;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/** The virtual-controller contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class VirtualControllerContractRun extends VirtualControllerContract {

    private final ContractSubject subject;

    public VirtualControllerContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected VirtualInterruptController newController(SimHarness h, RecordingExits exits) {
        return subject.factory(VirtualControllerFactory.class).create(new VirtualControllerContext(h.sim(),
                "vm0." + subject.name(), 1, subject.defaults(), Set.of(), exits));
    }
}
