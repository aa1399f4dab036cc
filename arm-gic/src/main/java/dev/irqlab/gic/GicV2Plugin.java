package dev.irqlab.gic;

/** Plugin "gicv2": PhysicalControllerFactory "gicv2", VirtualControllerFactory "vgic-v2". */
public final class GicV2Plugin extends GicPlugin {
    public GicV2Plugin() {
        super(GicVersion.V2);
    }
}
