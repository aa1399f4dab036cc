package dev.irqlab.gic;

import dev.irqlab.gic.arch.GicVersion;

/** Plugin "gicv2": PhysicalControllerFactory "gicv2", VirtualControllerFactory "vgic-v2". */
public final class GicV2Plugin extends GicPlugin {
    public GicV2Plugin() {
        super(GicVersion.V2);
    }
}
