package dev.irqlab.genirq;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.Role;
import java.util.Map;
import java.util.Set;

/** Plugin {@code linux}: the Linux interrupt core (kernel/irq) as KernelFactory {@code linux}. */
public final class LinuxGenirqPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "linux";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.KERNEL, Set.of(NAME)), Set.of(), Set.of(), Set.of());
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, KernelFactory.class)
                .addBinding(NAME).to(LinuxKernelFactory.class);
    }
}
