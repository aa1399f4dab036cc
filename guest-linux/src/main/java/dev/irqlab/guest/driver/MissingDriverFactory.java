package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.GuestDriverFactory;
import java.util.List;

/** Builds {@link MissingDriver}s: driver name {@code missing}; no configuration. */
public final class MissingDriverFactory implements GuestDriverFactory {

    public static final String NAME = "missing";

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new MissingDriver(context);
    }

    @Override
    public String summary() {
        return "no driver bound: request_irq is never called, the irq stays masked at the controller";
    }

    @Override
    public String source() {
        return "kernel/irq/irqdesc.c: desc_set_defaults; kernel/irq/manage.c: __setup_irq";
    }

    /** Every flow: there is no handler for the flow to shape. */
    @Override
    public List<String> flows() {
        return Flows.ALL;
    }
}
