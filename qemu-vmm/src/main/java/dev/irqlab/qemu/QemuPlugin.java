package dev.irqlab.qemu;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "qemu": QEMU as the VMM of a run (VmmFactory {@code qemu}): it creates the VM, wires each
 * vfio-platform device's interrupts as hw/vfio/platform.c does, and starts the VM, with its
 * start-time option (the forced unmask). Any architecture: QEMU's vfio-platform wiring does not
 * depend on it.
 */
public final class QemuPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "qemu";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, VmmFactory.class)
                .addBinding(NAME).to(QemuVmmFactory.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    @Override
    public String summary() {
        return "QEMU as the VMM: VM creation, vfio-platform interrupt wiring, VM start and its options";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of());
    }
}
