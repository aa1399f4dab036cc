package dev.irqlab.runtime.matrix;

import dev.irqlab.runtime.scenario.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the VMM x forwarder x controller x variant x guest-flow matrix.
 *
 * @param vmm                     the VMM and its preset
 * @param forwarder               the forwarder factory name ({@code platform.forwarder})
 * @param controller              the physical controller factory name ({@code platform.controller})
 * @param virtualController       the virtual controller the hypervisor offers on it ({@code platform.virtual-controller})
 * @param virtualControllerConfig what the row sets in {@code config.virtual-controller}, in order: the kernel
 *                                version the virtual controller runs the row's variant at
 *                                ({@code VirtualControllerFactory.matrixConfig})
 */
public record MatrixRow(MatrixVmm vmm, String forwarder, String controller, String virtualController,
                        Map<String, String> virtualControllerConfig, Variant variant, GuestFlow flow) {

    public MatrixRow {
        virtualControllerConfig = Collections.unmodifiableMap(new LinkedHashMap<>(virtualControllerConfig));
    }

    /**
     * {@code gicv3/none/oneshot-threaded}, prefixed by the forwarder when it is not the default
     * ({@code vfio-pci/gicv3/none/oneshot-threaded}) and by the VMM preset when the scenario names one
     * ({@code crosvm-split/vfio-pci/ioapic/none/level}): a name for reports and test displays.
     */
    public String id() {
        String id = controller + "/" + variant.label() + "/" + flow.label();
        id = defaultForwarder() ? id : forwarder + "/" + id;
        return vmm.scenarioDefault() ? id : vmm.id() + "/" + id;
    }

    /** Whether the row's forwarder is the scenario default. */
    public boolean defaultForwarder() {
        return forwarder.equals(Platform.DEFAULT_FORWARDER);
    }
}
