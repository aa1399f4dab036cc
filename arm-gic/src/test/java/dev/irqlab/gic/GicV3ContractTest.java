package dev.irqlab.gic;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.PhysicalControllerContract;
import dev.irqlab.tck.SimHarness;

/** The physical-controller contract for "gicv3" with its default configuration (EOImode 1). */
class GicV3ContractTest extends PhysicalControllerContract {
    @Override
    protected PhysicalInterruptController newController(SimHarness h) {
        return new PhysicalGic(GicVersion.V3, h.sim(), "host.gicv3", 2, 988, 1);
    }
}
