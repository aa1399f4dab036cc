package dev.irqlab.tck.doubles;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.PhysicalControllerFactory;

/** The kit's {@link ToyPic} as a factory: a controller that passes the physical contract. */
public final class ToyPicFactory implements PhysicalControllerFactory {

    @Override
    public PhysicalInterruptController create(ControllerContext context) {
        return new ToyPic();
    }
}
