package dev.irqlab.gic;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.VirtualControllerContract;
import java.util.Set;

/** The virtual-controller contract for "vgic-v2", built by its factory with the default configuration. */
class VgicV2ContractTest extends VirtualControllerContract {
    @Override
    protected VirtualInterruptController newController(SimHarness h, RecordingExits exits) {
        VgicFactory f = new VgicFactory(GicVersion.V2);
        return f.create(new VirtualControllerContext(h.sim(), "vm0.vgic-v2", 1, Config.defaults(f.schema()),
                Set.of(), exits));
    }
}
