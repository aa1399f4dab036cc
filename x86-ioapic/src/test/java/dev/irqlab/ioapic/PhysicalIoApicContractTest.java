package dev.irqlab.ioapic;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.tck.PhysicalControllerContract;
import dev.irqlab.tck.SimHarness;

/** The physical IO-APIC (default version 0x20, one CPU) passes the controller contract. */
class PhysicalIoApicContractTest extends PhysicalControllerContract {

    @Override
    protected PhysicalInterruptController newController(SimHarness harness) {
        return new PhysicalIoApic(harness.sim(), "host.ioapic", 1, 0x20);
    }
}
