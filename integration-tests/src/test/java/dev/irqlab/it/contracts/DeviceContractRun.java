package dev.irqlab.it.contracts;

import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.tck.DeviceContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The device contract over the factory a launch names (not run by surefire directly). */
@ExtendWith(ContractSubjectResolver.class)
public class DeviceContractRun extends DeviceContract {

    private final ContractSubject subject;

    public DeviceContractRun(ContractSubject subject) {
        this.subject = subject;
    }

    @Override
    protected DeviceFactory deviceFactory() {
        return subject.factory(DeviceFactory.class);
    }
}
