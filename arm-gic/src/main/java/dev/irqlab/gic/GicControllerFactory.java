package dev.irqlab.gic;

import com.google.inject.Inject;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.ParsedConfigs;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import java.util.List;
import java.util.Optional;

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

    /** A configuration's typed form: what {@link #create} reads of it, and the host bridge it gives. */
    private record Settings(int eoiMode, int spis, Optional<PciHostBridge> hostBridge) {
    }

    /** Each configuration parsed once: a parsed scenario's runs share it. */
    private final ParsedConfigs<Settings> settings = new ParsedConfigs<>(c -> settings(c, "gic"));

    /** {@code c} checked in {@link #create}'s order; a refusal names {@code component}. */
    private static Settings settings(Config c, String component) {
        int eoiMode = GicConfig.eoiMode(c, component);
        int spis = GicConfig.integer(c, GicConfig.SPIS, 1, GicConfig.MAX_SPIS, component);
        int pciBase = GicConfig.integer(c, GicConfig.PCI_INTX_SPI_BASE, 0, GicConfig.MAX_SPIS - 4, component);
        return new Settings(eoiMode, spis, PhysicalGic.hostBridge(spis, pciBase));
    }

    @Override
    public PhysicalInterruptController create(ControllerContext context) {
        Settings parsed;
        try {
            parsed = settings.of(context.config());
        } catch (IllegalArgumentException e) {
            parsed = settings(context.config(), context.name()); // refused again, naming the run's component
        }
        return gics.create(context.sim(), context.name(), context.cpus(), parsed.spis(), parsed.eoiMode(),
                parsed.hostBridge());
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
