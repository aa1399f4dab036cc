package dev.irqlab.api.kernel;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.sim.Sim;

/**
 * What a kernel instance is built from.
 *
 * @param name       "host" or "guest"
 * @param controller the interrupt controller its irqchip operations go to
 * @param executor   the CPUs it runs on (host CPUs, or a VM's vCPUs)
 * @param cpus       number of CPUs
 * @param config     the kernel plugin's validated configuration
 */
public record KernelContext(Sim sim, String name, InterruptController controller, CpuExecutor executor, int cpus,
                            Config config) {
}
