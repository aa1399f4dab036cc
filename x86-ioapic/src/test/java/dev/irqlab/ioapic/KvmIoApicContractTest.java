package dev.irqlab.ioapic;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.tck.RecordingExits;
import dev.irqlab.tck.SimHarness;
import dev.irqlab.tck.VirtualControllerContract;
import java.util.Set;

/** The virtual-controller contract for "kvm-ioapic" (default: linux-6.2, APICv), built by its factory. */
class KvmIoApicContractTest extends VirtualControllerContract {
    @Override
    protected VirtualInterruptController newController(SimHarness h, RecordingExits exits) {
        KvmIoApicFactory f = new KvmIoApicFactory();
        return f.create(new VirtualControllerContext(h.sim(), "vm0.kvm-ioapic", 1, Config.defaults(f.schema()),
                Set.of(), exits));
    }
}
