package dev.irqlab.gic;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.PhysicalControllerContract;
import dev.irqlab.tck.SimHarness;

/** The physical-controller contract for "gicv2" in EOImode 0 (a host not booted at EL2). */
class GicV2ContractTest extends PhysicalControllerContract {
    @Override
    protected PhysicalInterruptController newController(SimHarness h) {
        return new PhysicalGic(GicVersion.V2, h.sim(), "host.gicv2", 2, 988, 0);
    }
}
