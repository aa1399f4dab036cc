package dev.irqlab.crosvm;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;

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
final class CrosvmVmm implements Vmm {

    /** The x86 machine's irqchip, the only one {@code --irqchip split} exists for. */
    static final String X86_IRQCHIP = "kvm-ioapic";

    private final VmmContext context;
    private final CrosvmConfig config;
    private CrosvmSplitIrqChip split;
    private Vm vm;
    private boolean started;

    CrosvmVmm(VmmContext context, CrosvmConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public Vm createVm(Machine machine) {
        if (vm != null) {
            throw new IllegalStateException(name() + ": the VM exists already");
        }
        if (!config.splitIrqchip()) {
            vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                    machine.irqchip(), machine.irqchipConfig()));
            vm.irqchip().init();
            return vm;
        }
        if (!machine.irqchipName().equals(X86_IRQCHIP)) {
            // create_vm: "KVM split irqchip mode only supported on x86 processors"
            throw new VmmException("vmm.irqchip: split needs an x86 machine (KVM split irqchip mode only supported "
                    + "on x86 processors); this machine's irqchip is '" + machine.irqchipName() + "'; use irqchip: "
                    + "kernel");
        }
        split = new CrosvmSplitIrqChip(context.sim(), name(), config);
        vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                machine.irqchip(), machine.irqchipConfig(), split.ioapic()));
        vm.irqchip().init();
        split.realize(vm);
        return vm;
    }

    @Override
    public Device assign(AssignedDevice device) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": devices are wired after createVm and before start");
        }
        new CrosvmVfioIrqs(context.sim(), vm, device, split).wire();
        return device.device();
    }

    @Override
    public void start(Runnable guestBoot) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": start once, after createVm");
        }
        started = true;
        if (split != null) {
            split.finalizeDevices();
        }
        context.sim().scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
            vm.start();
            guestBoot.run();
        });
    }
}
