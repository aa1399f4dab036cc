package dev.irqlab.vfiopci;

import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.pci.PciConfigSpace;

/**
 * The host PCI core's INTx helpers vfio-pci calls (drivers/pci/pci.c and probe.c, Linux 6.17),
 * over one function's configuration space. {@code pci_lock} makes each check-and-set atomic
 * against other config accesses; the model runs one access at a time, so nothing interleaves.
 */
final class PciCore {

    private final PciConfigSpace config;

    /** Makes the PCI core's helpers over one function's configuration space. */
    static final class Factory {
        PciCore create(PciConfigSpace config) {
            return new PciCore(config);
        }
    }

    PciCore(PciConfigSpace config) {
        this.config = config;
    }

    /** PCI_VENDOR_ID_INTEL. */
    static final int INTEL = 0x8086;

    /**
     * {@code dev->broken_intx_masking} after enumeration, which {@code pci_intx_mask_supported}
     * negates: set by probe.c {@code pci_setup_device} from {@link #intxMaskBroken}, or by the final
     * fixup drivers/pci/quirks.c {@code quirk_broken_intx_masking} (Linux 6.17) for the ids it is
     * declared for: Chelsio 1425:0030, Ralink RT2800 1814:0601, Ceton InfiniTV4 1b7c:0004, Realtek
     * RTL8169 10ec:8169, Intel i40e 8086:1572, 1574, 1580, 1581, 1583-158b, 37d0-37d2. Mellanox's
     * {@code mellanox_check_broken_intx_masking} (by device and firmware version) is not modelled.
     */
    boolean brokenIntxMasking() {
        return intxMaskBroken() || quirkBrokenIntxMasking(vendor(), device());
    }

    /** Whether quirks.c declares {@code quirk_broken_intx_masking} for {@code vendor:device}. */
    static boolean quirkBrokenIntxMasking(int vendor, int device) {
        return switch (vendor) {
            case 0x1425 -> device == 0x0030;
            case 0x1814 -> device == 0x0601;
            case 0x1b7c -> device == 0x0004;
            case 0x10ec -> device == 0x8169;
            case INTEL -> i40e(device);
            default -> false;
        };
    }

    /**
     * drivers/vfio/pci/vfio_pci_core.c {@code vfio_pci_nointx} (Linux 6.17): the functions whose
     * Interrupt Disable works but whose Interrupt Status does not, so vfio-pci hides their INTx
     * rather than mask it at the irq chip: Intel i40e (XL710/X710/XXV710) and X550 8086:1563.
     */
    static boolean vfioNointx(int vendor, int device) {
        return vendor == INTEL && (i40e(device) || device == 0x1563);
    }

    /** The i40e ids both lists name: 1572, 1574, 1580-1581, 1583-158b, 37d0-37d2. */
    private static boolean i40e(int device) {
        return device == 0x1572 || device == 0x1574 || (device >= 0x1580 && device <= 0x1581)
                || (device >= 0x1583 && device <= 0x158b) || (device >= 0x37d0 && device <= 0x37d2);
    }

    /** {@code pdev->vendor}. */
    int vendor() {
        return config.read(Pci.VENDOR_ID, 2);
    }

    /** {@code pdev->device}. */
    int device() {
        return config.read(Pci.DEVICE_ID, 2);
    }

    /**
     * drivers/pci/probe.c {@code pci_intx_mask_broken}, run at enumeration
     * ({@code pci_setup_device} sets {@code dev->broken_intx_masking}): write the command register with
     * Interrupt Disable toggled, read it back, restore it; broken when the bit did not stick (it was
     * reserved and read-only before PCI 2.3). {@code pci_intx_mask_supported} is then
     * {@code !dev->broken_intx_masking} (since Linux 4.12, fd1ae23b495b).
     */
    boolean intxMaskBroken() {
        int orig = config.read(Pci.COMMAND, 2);
        int toggle = orig ^ Pci.COMMAND_INTX_DISABLE;
        config.write(Pci.COMMAND, 2, toggle);
        int now = config.read(Pci.COMMAND, 2);
        config.write(Pci.COMMAND, 2, orig);
        return now != toggle;
    }

    /** drivers/pci/pci.c {@code pci_intx}: set or clear Interrupt Disable, writing only on a change. */
    void intx(boolean enable) {
        int cmd = config.read(Pci.COMMAND, 2);
        int next = enable ? cmd & ~Pci.COMMAND_INTX_DISABLE : cmd | Pci.COMMAND_INTX_DISABLE;
        if (next != cmd) {
            config.write(Pci.COMMAND, 2, next);
        }
    }

    /** drivers/pci/pci.c {@code pci_check_and_mask_intx}. */
    boolean checkAndMaskIntx() {
        return checkAndSetIntxMask(true);
    }

    /** drivers/pci/pci.c {@code pci_check_and_unmask_intx}. */
    boolean checkAndUnmaskIntx() {
        return checkAndSetIntxMask(false);
    }

    /**
     * drivers/pci/pci.c {@code pci_check_and_set_intx_mask}: one dword read of command and status;
     * if {@code mask != Status.Interrupt} nothing changes and the answer is false (masking: not this
     * function's interrupt; unmasking: the next one is already pending); otherwise Interrupt Disable
     * is set or cleared (written only when it changes) and the answer is true.
     */
    private boolean checkAndSetIntxMask(boolean mask) {
        int dword = config.read(Pci.COMMAND, 4);
        boolean pending = ((dword >>> 16) & Pci.STATUS_INTERRUPT) != 0;
        if (mask != pending) {
            return false;
        }
        int orig = dword & 0xffff;
        int next = orig & ~Pci.COMMAND_INTX_DISABLE;
        if (mask) {
            next |= Pci.COMMAND_INTX_DISABLE;
        }
        if (next != orig) {
            config.write(Pci.COMMAND, 2, next);
        }
        return true;
    }
}
