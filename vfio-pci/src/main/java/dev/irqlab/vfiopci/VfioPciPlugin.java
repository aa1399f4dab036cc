package dev.irqlab.vfiopci;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plugin "vfio-pci": the INTx forwarding of drivers/vfio/pci (vfio_pci_intrs.c), on any host
 * architecture. MSI and MSI-X are out of its scope: the PCI functions it binds have neither
 * capability, so their VFIO indexes report count 0.
 */
public final class VfioPciPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "vfio-pci";

    private static final List<MessageKey> MESSAGES = List.of(new MessageKey("vfio-pci.request_irq_failed",
            "VFIO_DEVICE_SET_IRQS (INTx trigger) could not request the host irq, e.g. -EBUSY for an exclusive request on a shared line",
            "drivers/vfio/pci/vfio_pci_intrs.c: vfio_intx_enable"),
            new MessageKey("vfio-pci.nointx", "a function vfio_pci_nointx names (Intel i40e, X550): its INTx is hidden "
                    + "from the user (count 0, Interrupt Pin 0) and Interrupt Disable kept set",
                    "drivers/vfio/pci/vfio_pci_core.c: vfio_pci_core_enable, vfio_pci_nointx"));

    public VfioPciPlugin() {
        super(NAME, "vfio-pci: the host driver of a passed-through PCI function's INTx (DisINTx or irq-chip masking, shared lines; no MSI/MSI-X)",
                new Capabilities(Map.of(Role.FORWARDER, Set.of(NAME)), Set.of(), Set.of(), Set.of()),
                MESSAGES);
    }

    /**
     * The component graph: a function's vfio-pci interrupt side ({@link VfioPciDevice}) over the host
     * PCI core's INTx helpers ({@link PciCore}), from part factories that take a run's values.
     */
    @Override
    protected void configure() {
        bind(VfioPciDevice.Factory.class);
        bind(PciCore.Factory.class);
        bindFactory(ForwarderFactory.class, NAME, VfioPciForwarderFactory.class);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }
}
