package dev.irqlab.pci.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.pci.device.PciIntxDeviceFactory;
import java.util.List;
import java.util.Set;

/** Builds {@link PciIntxDriver}s: driver name {@code pci-intx}; flows level, oneshot-threaded. */
public final class PciIntxDriverFactory implements GuestDriverFactory {

    public static final String NAME = "pci-intx";
    public static final String BUS_LATENCY = "bus-latency";

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.duration(BUS_LATENCY, 200_000,
                "oneshot-threaded flow: time the thread waits for the slow bus before reading STATUS / writing ACK"));
    }

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new PciIntxDriver(context);
    }

    @Override
    public Set<String> models() {
        return Set.of(PciIntxDeviceFactory.NAME);
    }

    @Override
    public List<String> flows() {
        return PciIntxDriver.FLOWS;
    }

    @Override
    public String summary() {
        return "a guest PCI driver on its function's INTx, IRQF_SHARED: plain level handler or ONESHOT threaded";
    }

    @Override
    public String source() {
        return "kernel/irq/manage.c: request_threaded_irq, irq_default_primary_handler; "
                + "drivers/net/ethernet/intel/e1000/e1000_main.c: e1000_request_irq (IRQF_SHARED)";
    }
}
