package dev.irqlab.cloudhypervisor;

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

/** Plugin "cloud-hypervisor": cloud-hypervisor as the VMM of an x86 run (VmmFactory {@code cloud-hypervisor}). */
public final class ChPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "cloud-hypervisor";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, VmmFactory.class).addBinding(NAME).to(ChVmmFactory.class);
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
        return "cloud-hypervisor as the VMM: split irqchip, its IO-APIC, vfio-pci INTx without resamplefd";
    }

    @Override
    public List<MessageKey> messages() {
        String ioapic = "cloud-hypervisor devices/src/ioapic.rs: ";
        return List.of(
                new MessageKey("cloud_hypervisor.ioapic_allocate_gsi", "the IO-APIC's pin got its GSI at its first "
                        + "unmask", ioapic + "update_entry; vmm/src/interrupt.rs: InterruptRoute::allocate_gsi"),
                new MessageKey("cloud_hypervisor.ioapic_bad_access", "an IO-APIC access at an offset it does not "
                        + "decode (the EOI register of a 0x20 IO-APIC included)", ioapic + "BusDevice::read, write"));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of());
    }
}
