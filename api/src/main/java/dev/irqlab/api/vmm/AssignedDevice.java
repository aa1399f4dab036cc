package dev.irqlab.api.vmm;

import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.forwarder.Forwarder;
import java.util.List;

/**
 * One device assigned to the VM, as the VMM receives it: the VFIO side already built on the host,
 * and per VFIO irq index where the interrupt comes from on the host and which guest pin it goes to.
 *
 * @param name           the device's instance name, as the scenario writes it (messages use it)
 * @param device         the device itself; its registers are the MMIO region VFIO exposes
 * @param vfioName       the forwarder's component name ("vfio.pad"); the VMM names its event fds
 *                       after it
 * @param vfio           the assigned device's VFIO interrupts
 * @param forwarding     how the scenario asks the VMM to wire them
 * @param hostController the host's interrupt controller (for {@link Forwarding#HW_MAPPED}:
 *                       {@code irq_set_vcpu_affinity} and {@code kvm_vgic_map_phys_irq})
 * @param irqs           by VFIO irq index: one entry per index of {@link #vfio()}
 */
public record AssignedDevice(String name, Device device, String vfioName, Forwarder vfio, Forwarding forwarding,
                             PhysicalInterruptController hostController, List<AssignedIrq> irqs) {
    public AssignedDevice {
        irqs = List.copyOf(irqs);
    }

    /**
     * One VFIO irq index of the device.
     *
     * @param hostHwirq the interrupt's hwirq at the host controller
     * @param guestPin  the virtual controller pin (KVM GSI) it is injected on
     * @param trigger   its trigger type as the scenario wrote it (messages name it)
     */
    public record AssignedIrq(int hostHwirq, int guestPin, dev.irqlab.api.irq.Trigger trigger) {
    }
}
