package dev.irqlab.qemu;

import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU running one VM: {@code kvm_init} and the machine's creation ({@link #createVm}), the
 * vfio-platform devices' interrupt wiring ({@link VfioPlatformIrqWiring}, hw/vfio/platform.c), and
 * the start ({@code vm_start}, the first {@code KVM_RUN}).
 */
final class QemuVmm implements Vmm {

    private final VmmContext context;
    private final QemuConfig config;
    private final List<AssignedDevice> assigned = new ArrayList<>();
    private Vm vm;
    private boolean started;

    QemuVmm(VmmContext context, QemuConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public String name() {
        return context.name();
    }

    /** {@code KVM_CREATE_VM}, the vCPUs and the in-kernel irqchip's device ({@code KVM_CREATE_DEVICE}). */
    @Override
    public Vm createVm(Machine machine) {
        if (vm != null) {
            throw new IllegalStateException(name() + ": the VM exists already");
        }
        vm = context.hypervisor().createVm(new VmSpec(config.vmName(), machine.vcpus(), machine.irqchipName(),
                machine.irqchip(), machine.irqchipConfig()));
        return vm;
    }

    @Override
    public void assign(AssignedDevice device) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": devices are wired after createVm and before start");
        }
        new VfioPlatformIrqWiring(context.sim(), vm, device).wire();
        assigned.add(device);
    }

    /**
     * At {@code vm-start}: the VM's start (the irqchip's final initialisation, arm64
     * {@code KVM_DEV_ARM_VGIC_CTRL_INIT}; a GICv3 vGIC refuses injections before it), then, with
     * {@code force-unmask-at-start}, one {@code VFIO_IRQ_SET_ACTION_UNMASK} per maskable irq of every
     * device (Micah Morton's workaround), then the guest boots.
     */
    @Override
    public void start(Runnable guestBoot) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": start once, after createVm");
        }
        started = true;
        context.sim().scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
            vm.start();
            if (config.forceUnmaskAtStart()) {
                forceUnmask();
            }
            guestBoot.run();
        });
    }

    private void forceUnmask() {
        for (AssignedDevice d : assigned) {
            for (int index = 0; index < d.vfio().irqCount(); index++) {
                if (d.vfio().irqInfo(index).has(Vfio.IRQ_INFO_MASKABLE)) {
                    d.vfio().setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, index, 0, 1,
                            new IrqSetData.None());
                }
            }
        }
    }
}
