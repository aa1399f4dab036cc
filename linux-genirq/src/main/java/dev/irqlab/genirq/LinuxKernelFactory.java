package dev.irqlab.genirq;

import com.google.inject.Inject;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.ParsedConfigs;
import java.util.List;

/** KernelFactory {@code linux}: a {@link LinuxIrqCore} per kernel (the host, each guest). */
public final class LinuxKernelFactory implements KernelFactory {

    private final LinuxIrqCore.Factory cores;
    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<GenirqConfig> configs = new ParsedConfigs<>(GenirqConfig::from);

    @Inject
    LinuxKernelFactory(LinuxIrqCore.Factory cores) {
        this.cores = cores;
    }

    @Override
    public List<ConfigKey> schema() {
        return GenirqConfig.schema();
    }

    @Override
    public IrqCore create(KernelContext context) {
        return cores.create(context, configs.of(context.config()));
    }

    @Override
    public String summary() {
        return "the Linux interrupt core (kernel/irq): descriptors, flow handlers, lazy disable, irq threads, resend, spurious detection";
    }

    @Override
    public String source() {
        return "kernel/irq/";
    }
}
