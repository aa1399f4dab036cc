package dev.irqlab.vfiopci;

import com.google.inject.Inject;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ForwarderFactory;
import java.util.List;

/** Builds a {@link VfioPciDevice}: {@code vfio_pci_probe} → {@code vfio_pci_core_enable} at open. */
public final class VfioPciForwarderFactory implements ForwarderFactory {

    private final VfioPciDevice.Factory devices;

    @Inject
    VfioPciForwarderFactory(VfioPciDevice.Factory devices) {
        this.devices = devices;
    }

    static final String NOINTXMASK = "nointxmask";
    static final String VIRQFD_WORK_LATENCY = "virqfd-work-latency";

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.flag(NOINTXMASK, false, "vfio_pci's module option: never mask INTx with DisINTx; every "
                        + "function is masked at the irq chip and needs its line exclusively")
                        .withSource("drivers/vfio/pci/vfio_pci.c: nointxmask; vfio_pci_core.c: vfio_pci_core_enable"),
                ConfigKey.duration(VIRQFD_WORK_LATENCY, 5_000, "from the unmask virqfd's handler asking for a "
                        + "re-send to the work item signalling the trigger (system workqueue wake-up; assumed, not "
                        + "measured)").withSource("drivers/vfio/virqfd.c: virqfd_wakeup, virqfd_inject"));
    }

    @Override
    public Forwarder create(ForwarderContext context) {
        return devices.create(context, context.config().flag(NOINTXMASK),
                context.config().durationNs(VIRQFD_WORK_LATENCY));
    }

    @Override
    public int deviceFlags() {
        return Vfio.DEVICE_FLAGS_PCI;
    }

    @Override
    public String summary() {
        return "vfio-pci INTx: DisINTx masking (IRQF_SHARED, pci_check_and_mask_intx) for PCI 2.3 functions, "
                + "disable_irq_nosync otherwise; the unmask virqfd that re-signals while the function is still "
                + "pending. MSI and MSI-X are not modelled (the function has neither capability)";
    }

    @Override
    public String source() {
        return "drivers/vfio/pci/vfio_pci_intrs.c, vfio_pci_core.c, vfio_pci_config.c; drivers/pci/pci.c (Linux 6.17)";
    }
}
