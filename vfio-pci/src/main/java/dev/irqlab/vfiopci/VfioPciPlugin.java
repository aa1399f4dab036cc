package dev.irqlab.vfiopci;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "vfio-pci": the INTx forwarding of drivers/vfio/pci (vfio_pci_intrs.c), on any host
 * architecture. MSI and MSI-X are out of its scope: the PCI functions it binds have neither
 * capability, so their VFIO indexes report count 0.
 */
public final class VfioPciPlugin extends AbstractModule implements IrqlabPlugin {

    public static final String NAME = "vfio-pci";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ForwarderFactory.class)
                .addBinding(NAME).to(VfioPciForwarderFactory.class);
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
    public Capabilities capabilities() {
        return new Capabilities(Map.of(Role.FORWARDER, Set.of(NAME)), Set.of(), Set.of(), Set.of());
    }

    @Override
    public String summary() {
        return "vfio-pci: the host driver of a passed-through PCI function's INTx (DisINTx or irq-chip masking, shared lines; no MSI/MSI-X)";
    }

    @Override
    public List<MessageKey> messages() {
        return List.of(new MessageKey("vfio-pci.request_irq_failed",
                "VFIO_DEVICE_SET_IRQS (INTx trigger) could not request the host irq, e.g. -EBUSY for an exclusive request on a shared line",
                "drivers/vfio/pci/vfio_pci_intrs.c: vfio_intx_enable"));
    }
}
