package dev.irqlab.gic;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import java.util.Map;
import java.util.Set;

/** The shared shape of the "gicv2" and "gicv3" entry points: one physical and one virtual factory. */
abstract class GicPlugin extends AbstractModule implements IrqlabPlugin {

    private final GicVersion version;

    GicPlugin(GicVersion version) {
        this.version = version;
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, PhysicalControllerFactory.class)
                .addBinding(version.physicalName()).toInstance(new GicControllerFactory(version));
        MapBinder.newMapBinder(binder(), String.class, VirtualControllerFactory.class)
                .addBinding(version.virtualName()).toInstance(new VgicFactory(version));
    }

    @Override
    public String name() {
        return version.physicalName();
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(
                Map.of(Role.PHYSICAL_CONTROLLER, Set.of(version.physicalName()),
                        Role.VIRTUAL_CONTROLLER, Set.of(version.virtualName())),
                Set.of("arm64"),
                Set.of(GicConfig.FIX_RESAMPLE_ON_ENABLE),
                Set.of("mask-notifiers", "hw-mapped"));
    }
}
