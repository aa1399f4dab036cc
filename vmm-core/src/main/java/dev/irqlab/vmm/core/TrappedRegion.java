package dev.irqlab.vmm.core;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceRegisters;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * An assigned device's region as the guest reaches it when the VMM may trap it: while the region is
 * mmap'd into the guest an access goes straight to the device; otherwise it exits to the VMM, which
 * performs it ({@code pread}/{@code pwrite} on the VFIO region) and then does what it does after a
 * trapped access. QEMU traps a vfio region while it injects an interrupt from user space
 * (hw/vfio/platform.c, hw/vfio/pci.c: {@code vfio_mmap_set_enabled(false)}, then {@code vfio_eoi}
 * after each access); cloud-hypervisor traps BARs it did not map and unmasks INTx after each access
 * (pci/src/vfio.rs {@code read_bar}, {@code write_bar}).
 */
public final class TrappedRegion {

    /** What the VMM does with one trapped access: the exit, {@code perform} (the access itself), then its own work. */
    @FunctionalInterface
    public interface Trap {
        long access(String access, int offset, LongSupplier perform);
    }

    private TrappedRegion() {
    }

    /**
     * The device with {@code trap} handling every register access while {@code mapped} says false.
     *
     * @param mapped whether the region is mmap'd into the guest now (asked at each access)
     */
    public static Device view(Device real, BooleanSupplier mapped, Trap trap) {
        return Device.withRegisters(real, new DeviceRegisters() {
            @Override
            public long read(int offset) {
                return mapped.getAsBoolean() ? real.registers().read(offset)
                        : trap.access("read", offset, () -> real.registers().read(offset));
            }

            @Override
            public void write(int offset, long value) {
                if (mapped.getAsBoolean()) {
                    real.registers().write(offset, value);
                } else {
                    trap.access("write", offset, () -> {
                        real.registers().write(offset, value);
                        return 0;
                    });
                }
            }
        });
    }

    /** The device with every register access trapped (a region never mapped). */
    public static Device trapped(Device real, Trap trap) {
        return view(real, () -> false, trap);
    }
}
