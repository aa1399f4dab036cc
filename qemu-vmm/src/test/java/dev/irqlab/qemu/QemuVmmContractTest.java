package dev.irqlab.qemu;

import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.tck.VmmContract;

/** The VMM contract for VmmFactory "qemu" with its default configuration. */
class QemuVmmContractTest extends VmmContract {
    @Override
    protected VmmFactory vmmFactory() {
        return new QemuVmmFactory();
    }
}
