package dev.irqlab.crosvm;

import com.google.inject.Inject;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.vmm.core.AbstractVmm;
import java.util.Optional;

/**
 * crosvm running one VM, in crosvm's order (src/crosvm/sys/linux.rs {@code create_vm},
 * {@code run_config}; x86_64/src/lib.rs and aarch64/src/lib.rs {@code build_vm}):
 * <ol>
 *   <li>{@link #createVm}: the VM and its irqchip by {@code --irqchip}: {@code KvmKernelIrqChip}
 *       (on arm64 its {@code finalize}, {@code KVM_DEV_ARM_VGIC_CTRL_INIT}, runs before any device
 *       is built, aarch64/src/lib.rs {@code build_vm}), or {@code KvmSplitIrqChip} on x86
 *       ({@link CrosvmSplitIrqChip}: {@code KVM_CAP_SPLIT_IRQCHIP} with 24 pins, its own IO-APIC);</li>
 *   <li>{@link #assign}: the device's VFIO interrupts ({@link CrosvmVfioIrqs}); the guest reaches the
 *       device's regions directly (mapped), so the guest view is the device itself;</li>
 *   <li>{@link #start}: the split irqchip's {@code finalize_devices}, then the vCPUs run at
 *       {@code vm-start} and the guest boots.</li>
 * </ol>
 */
final class CrosvmVmm extends AbstractVmm {

    private final CrosvmSplitIrqChip.Factory splitIrqchips;
    private final CrosvmVfioIrqs.Factory vfioIrqs;
    private final CrosvmConfig config;
    private CrosvmSplitIrqChip split;

    /** Makes crosvm for one run; the plugin's Guice module supplies its parts. */
    static final class Factory {
        private final CrosvmSplitIrqChip.Factory splitIrqchips;
        private final CrosvmVfioIrqs.Factory vfioIrqs;

        @Inject
        Factory(CrosvmSplitIrqChip.Factory splitIrqchips, CrosvmVfioIrqs.Factory vfioIrqs) {
            this.splitIrqchips = splitIrqchips;
            this.vfioIrqs = vfioIrqs;
        }

        CrosvmVmm create(VmmContext context, CrosvmConfig config) {
            return new CrosvmVmm(splitIrqchips, vfioIrqs, context, config);
        }
    }

    CrosvmVmm(CrosvmSplitIrqChip.Factory splitIrqchips, CrosvmVfioIrqs.Factory vfioIrqs, VmmContext context,
              CrosvmConfig config) {
        super(context);
        this.splitIrqchips = splitIrqchips;
        this.vfioIrqs = vfioIrqs;
        this.config = config;
    }

    @Override
    protected Vm buildVm(Machine machine) {
        if (!config.splitIrqchip()) {
            return kvmCreateVm(config.vmName(), machine, null);
        }
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            // create_vm: "KVM split irqchip mode only supported on x86 processors"
            throw new VmmException("vmm.irqchip: split needs an x86 machine (KVM split irqchip mode only supported "
                    + "on x86 processors); this machine's irqchip is '" + machine.irqchipName() + "'; use irqchip: "
                    + "kernel");
        }
        split = splitIrqchips.create(sim(), name(), config);
        Vm vm = kvmCreateVm(config.vmName(), machine, split.ioapic());
        split.realize(vm);
        return vm;
    }

    @Override
    protected Device wire(AssignedDevice device) {
        vfioIrqs.create(sim(), vm(), device, Optional.ofNullable(split)).wire();
        return device.device();
    }

    @Override
    protected void boot(Runnable guestBoot) {
        if (split != null) {
            split.finalizeDevices();
        }
        scheduleVmStart(() -> { }, guestBoot);
    }
}
