package dev.irqlab.api.pci;

import dev.irqlab.api.device.Device;

/**
 * A device that is a PCI function: besides its BAR registers ({@link Device#registers()}) it has a
 * configuration space whose command register can disable its INTx output (PCI Local Bus 3.0,
 * 6.2.2 "Interrupt Disable") and whose status register shows its internal interrupt state
 * (6.2.3 "Interrupt Status") whether or not INTx is disabled.
 *
 * <p>Protocol: {@link Device#lineLevel()} is the INTx wire as the function drives it: asserted while
 * {@code Interrupt Status} is set and {@code Interrupt Disable} is clear.
 */
public interface PciFunction extends Device {

    PciConfigSpace config();
}
