package dev.irqlab.gic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import java.util.List;

/** Builds the host's {@link PhysicalGic} ("gicv2" / "gicv3"). */
public final class GicControllerFactory implements PhysicalControllerFactory {

    private final PhysicalGic.Factory gics;

    @Inject
    GicControllerFactory(PhysicalGic.Factory gics) {
        this.gics = gics;
    }

    @Override
    public List<ConfigKey> schema() {
        return GicConfig.physicalSchema();
    }

    @Override
    public PhysicalInterruptController create(ControllerContext context) {
        int eoiMode = GicConfig.eoiMode(context.config(), context.name());
        int spis = GicConfig.integer(context.config(), GicConfig.SPIS, 1, GicConfig.MAX_SPIS, context.name());
        int pciBase = GicConfig.integer(context.config(), GicConfig.PCI_INTX_SPI_BASE, 0, GicConfig.MAX_SPIS - 4,
                context.name());
        return gics.create(context.sim(), context.name(), context.cpus(), spis, eoiMode, pciBase);
    }

    @Override
    public String summary() {
        return "the host GIC distributor and CPU interface as Linux's irq-gic(-v3) driver programs them";
    }

    @Override
    public String source() {
        return "drivers/irqchip/irq-gic-v3.c, irq-gic.c; GIC architecture spec IHI0069";
    }
}
