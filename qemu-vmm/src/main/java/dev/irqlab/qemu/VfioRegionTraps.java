package dev.irqlab.qemu;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.vmm.core.AccessTexts;
import dev.irqlab.vmm.core.TrappedRegion;
import java.util.function.BooleanSupplier;

/**
 * A vfio device's region while QEMU injects its interrupts from user space: mmap'd into the guest
 * until QEMU disables the mmaps ({@code vfio_mmap_set_enabled(false)}: hw/vfio/pci.c,
 * hw/vfio/platform.c); then every guest access exits to QEMU, which performs it on the device
 * (hw/vfio/region.c {@code vfio_region_read} / {@code vfio_region_write}) and then calls
 * {@code vbasedev->ops->vfio_eoi} — "the guest reading or writing the device is taken as the
 * interrupt's EOI". Each trapped access costs the hypervisor's MMIO exit plus QEMU's
 * {@code region-access-cost}.
 */
final class VfioRegionTraps {

    private VfioRegionTraps() {
    }

    /**
     * The device as the guest reaches it.
     *
     * @param mmapEnabled whether the region is mapped now (asked at every access)
     * @param eoi         {@code vfio_eoi}, after each trapped access
     */
    static Device guestView(Vm vm, AssignedDevice device, long regionAccessNs, BooleanSupplier mmapEnabled,
                            Runnable eoi) {
        AccessTexts texts = new AccessTexts((access, offset) -> device.vfioName() + " region " + access + " 0x"
                + Integer.toHexString(offset) + " (slow path)");
        return TrappedRegion.view(device.device(), mmapEnabled, (access, offset, perform) -> {
            vm.exitToVmm(ExitCause.MMIO, texts.of(access, offset), regionAccessNs);
            long value = perform.getAsLong();
            eoi.run();
            return value;
        });
    }
}
