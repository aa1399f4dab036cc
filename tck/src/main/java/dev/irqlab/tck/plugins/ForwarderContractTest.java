package dev.irqlab.tck.plugins;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.tck.ForwarderContract;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The forwarder contract over every discovered forwarder, on every host kernel ({@link Discovered}). */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.irqlab.tck.plugins.Discovered#forwarders")
public class ForwarderContractTest extends ForwarderContract {

    @Parameter
    Discovered.ForwarderOnKernel subject;

    @Override
    protected ForwarderFactory forwarderFactory() {
        return subject.forwarder().factory();
    }

    @Override
    protected Config forwarderConfig() {
        return subject.forwarder().config();
    }

    @Override
    protected KernelFactory hostKernelFactory() {
        return subject.host().factory();
    }
}
