package dev.irqlab.api.hypervisor;

import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;
import java.util.Set;

/**
 * What a hypervisor instance is built from: its configuration, the fixes the scenario selects, and
 * the host kernel it is part of.
 *
 * @param hostHz the host kernel's {@code CONFIG_HZ} ({@code config.host-kernel.hz}): KVM is a module of
 *               that kernel, so its delays in jiffies are the host's
 */
public record HypervisorContext(Sim sim, String name, Config config, Set<String> fixes, int hostHz) {

    public HypervisorContext {
        if (hostHz <= 0) {
            throw new IllegalArgumentException("hostHz must be positive: " + hostHz);
        }
    }

    /** A hypervisor in a host kernel built with the Kconfig default HZ (tests that do not vary it). */
    public HypervisorContext(Sim sim, String name, Config config, Set<String> fixes) {
        this(sim, name, config, fixes, IrqCore.KCONFIG_DEFAULT_HZ);
    }
}
