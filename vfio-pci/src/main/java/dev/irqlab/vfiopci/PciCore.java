package dev.irqlab.vfiopci;

import com.google.inject.Inject;
import com.google.inject.assistedinject.Assisted;
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
    interface Factory {
        PciCore create(PciConfigSpace config);
    }

    @Inject
    PciCore(@Assisted PciConfigSpace config) {
        this.config = config;
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
