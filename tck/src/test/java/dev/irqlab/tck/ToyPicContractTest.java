package dev.irqlab.tck;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.tck.doubles.ToyPic;

/** Proves the physical-controller contract runs (and passes) with the kit's own test double. */
class ToyPicContractTest extends PhysicalControllerContract {

    @Override
    protected PhysicalInterruptController newController(SimHarness harness) {
        return new ToyPic();
    }
}
