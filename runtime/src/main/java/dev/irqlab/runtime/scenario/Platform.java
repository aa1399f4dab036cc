package dev.irqlab.runtime.scenario;

import java.util.Optional;

/**
 * The chosen factory names per single-valued role and the machine's size.
 *
 * @param virtualController empty when the scenario leaves the choice to the runtime
 *                          (the hypervisor's {@code HypervisorFactory.irqchipFor} the controller)
 */
public record Platform(String controller, Optional<String> virtualController, String kernel, String hypervisor,
                       String vmm, String forwarder, String systemSleep, int hostCpus, int vcpus) {
    public static final String DEFAULT_KERNEL = "linux";
    public static final String DEFAULT_HYPERVISOR = "kvm";
    public static final String DEFAULT_VMM = "qemu";
    public static final String DEFAULT_FORWARDER = "vfio-platform";
    public static final String DEFAULT_SYSTEM_SLEEP = "linux";
    public static final int MAX_CPUS = 64;
}
