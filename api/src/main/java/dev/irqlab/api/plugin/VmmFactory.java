package dev.irqlab.api.plugin;

import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;

/**
 * Builds the VMM of a run (scenario {@code platform.vmm}, default {@code qemu}). Bound by name in a
 * {@code MapBinder}; its {@link #schema()} is what the scenario's {@code vmm:} section may set
 * besides {@code vm-start}.
 */
public interface VmmFactory extends Configurable {

    Vmm create(VmmContext context);
}
