package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.guest.device.EdgePulseDeviceFactory;
import java.util.List;
import java.util.Set;

/** Builds {@link EdgeDriver}s: driver name {@code edge}; no configuration. */
public final class EdgeDriverFactory implements GuestDriverFactory {

    public static final String NAME = "edge";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new EdgeDriver(context);
    }

    @Override
    public String summary() {
        return "a driver for edge-pulse: request_irq, the primary handler drains the FIFO (flow edge)";
    }

    @Override
    public String source() {
        return "kernel/irq/chip.c: handle_edge_irq";
    }

    @Override
    public Set<String> models() {
        return Set.of(EdgePulseDeviceFactory.NAME);
    }

    @Override
    public List<String> flows() {
        return EdgeDriver.FLOWS;
    }
}
