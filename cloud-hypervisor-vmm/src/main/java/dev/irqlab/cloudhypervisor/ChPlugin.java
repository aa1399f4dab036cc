package dev.irqlab.cloudhypervisor;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plugin "cloud-hypervisor": cloud-hypervisor as the VMM of an x86 or arm64 run (VmmFactory {@code cloud-hypervisor}). */
public final class ChPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "cloud-hypervisor";

    public ChPlugin() {
        super(NAME, "cloud-hypervisor as the VMM: x86 split irqchip with its IO-APIC, arm64 in-kernel GICv3, vfio-pci "
                + "INTx without resamplefd",
                new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of()), messageKeys());
    }

    private static List<MessageKey> messageKeys() {
        String ioapic = "cloud-hypervisor devices/src/ioapic.rs: ";
        return List.of(
                new MessageKey("cloud_hypervisor.ioapic_allocate_gsi", "the IO-APIC's pin got its GSI at its first "
                        + "unmask", ioapic + "update_entry; vmm/src/interrupt.rs: InterruptRoute::allocate_gsi"),
                new MessageKey("cloud_hypervisor.ioapic_bad_access", "an IO-APIC access at an offset it does not "
                        + "decode (the EOI register of a 0x20 IO-APIC included)", ioapic + "BusDevice::read, write"));
    }

    /**
     * The component graph: cloud-hypervisor ({@link ChVmm}) and its parts, each from its part
     * factory, which takes a run's values — its x86 IO-APIC with the MSI interrupt group ({@link ChIoapic}),
     * its arm64 GIC's legacy interrupts ({@link ChGic}) and a vfio-pci function's INTx wiring
     * ({@link ChVfioPciIntx}).
     */
    @Override
    protected void configure() {
        bind(ChVmm.Factory.class);
        bind(ChIoapic.Factory.class);
        bind(ChGic.Factory.class);
        bind(ChVfioPciIntx.Factory.class);
        bindFactory(VmmFactory.class, NAME, ChVmmFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }
}
