package dev.irqlab.crosvm;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "crosvm": crosvm as the VMM of a run (VmmFactory {@code crosvm}), with the kernel irqchip
 * or, on x86, its split irqchip and user-space IO-APIC (crosvm main, 2026-08).
 */
public final class CrosvmPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "crosvm";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, VmmFactory.class)
                .addBinding(NAME).to(CrosvmVmmFactory.class);
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
        return "crosvm as the VMM: kernel or split irqchip, vfio-platform and vfio-pci INTx wiring";
    }

    @Override
    public List<MessageKey> messages() {
        return List.of(new MessageKey("crosvm.ioapic_allocate_msi", "the split irqchip's IO-APIC gave a pin its "
                + "output GSI (the guest programmed its first route)", "crosvm devices/src/irqchip/ioapic.rs: "
                + "setup_msi (VmIrqRequest::AllocateOneMsi)"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of());
    }
}
