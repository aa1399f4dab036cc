package dev.irqlab.api.pci;

/**
 * A PCI function's configuration space as software reaches it ({@code pci_read_config_word},
 * {@code pci_write_config_word}, the VFIO config region). Offsets and bits are those of
 * include/uapi/linux/pci_regs.h ({@link Pci}); a read-only or reserved bit written is ignored as the
 * hardware ignores it.
 *
 * <p>Protocol: an access takes effect at the current virtual time; {@code size} is 1, 2 or 4 bytes,
 * naturally aligned, little-endian as the bus delivers it; a 4-byte read at {@link Pci#COMMAND}
 * returns the command register in bits 15:0 and the status register in bits 31:16 (the dword
 * {@code pci_check_and_set_intx_mask} reads).
 */
public interface PciConfigSpace {

    int read(int offset, int size);

    void write(int offset, int size, int value);
}
