package dev.irqlab.gic;

import dev.irqlab.gic.arch.GicVersion;

/** Plugin "gicv3": PhysicalControllerFactory "gicv3", VirtualControllerFactory "vgic-v3". */
public final class GicV3Plugin extends GicPlugin {
    public GicV3Plugin() {
        super(GicVersion.V3);
    }
}
