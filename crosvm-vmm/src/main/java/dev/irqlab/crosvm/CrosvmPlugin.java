package dev.irqlab.crosvm;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "crosvm": crosvm as the VMM of a run (VmmFactory {@code crosvm}), with the kernel irqchip
 * or, on x86, its split irqchip and user-space IO-APIC (crosvm main, 2026-08).
 */
public final class CrosvmPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "crosvm";

    public CrosvmPlugin() {
        super(NAME, "crosvm as the VMM: kernel or split irqchip, vfio-platform and vfio-pci INTx wiring",
                new Capabilities(Map.of(Role.VMM, Set.of(NAME)), Set.of(), Set.of(), Set.of()), messageKeys());
    }

    private static List<MessageKey> messageKeys() {
        return List.of(new MessageKey("crosvm.ioapic_allocate_msi", "the split irqchip's IO-APIC gave a pin its "
                + "output GSI (the guest programmed its first route)", "crosvm devices/src/irqchip/ioapic.rs: "
                + "setup_msi (VmIrqRequest::AllocateOneMsi)"));
    }

    /**
     * The component graph: crosvm ({@link CrosvmVmm}) and its parts, each from its part factory,
     * which takes a run's values — the split irqchip ({@link CrosvmSplitIrqChip}) with its IO-APIC
     * ({@link CrosvmIoapic}), and an assigned device's VFIO interrupt wiring ({@link CrosvmVfioIrqs}).
     */
    @Override
    protected void configure() {
        bind(CrosvmVmm.Factory.class);
        bind(CrosvmSplitIrqChip.Factory.class);
        bind(CrosvmIoapic.Factory.class);
        bind(CrosvmVfioIrqs.Factory.class);
        bindFactory(VmmFactory.class, NAME, CrosvmVmmFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }
}
