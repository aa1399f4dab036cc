package dev.irqlab.vmm.core;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.hypervisor.UserspaceIoApic;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;

/**
 * The order every VMM keeps, and the {@link Vmm} protocol's checks: one VM, devices wired after it
 * and before the start, one start. What is common to QEMU, crosvm and cloud-hypervisor here is
 * what {@code /dev/kvm} asks of any VMM: {@code KVM_CREATE_VM} with the vCPUs and the in-kernel
 * irqchip, whose initialisation completes before a device binds an irqfd (arm64: virt/kvm/eventfd.c
 * {@code kvm_irqfd_assign} refuses one before {@code KVM_DEV_ARM_VGIC_CTRL_INIT}), and the vCPUs'
 * {@code KVM_RUN} at the VM's start, before the guest boots. Which irqchip a VMM asks for, how it
 * wires a device and what it does at its start are its own ({@link #buildVm}, {@link #wire},
 * {@link #boot}).
 */
public abstract class AbstractVmm implements Vmm {

    /** The x86 machine's in-kernel irqchip, the only one a split irqchip ({@code KVM_CAP_SPLIT_IRQCHIP}) exists for. */
    public static final String X86_IRQCHIP = "kvm-ioapic";

    private final VmmContext context;
    private Vm vm;
    private boolean started;

    protected AbstractVmm(VmmContext context) {
        this.context = context;
    }

    @Override
    public final String name() {
        return context.name();
    }

    protected final VmmContext context() {
        return context;
    }

    protected final Sim sim() {
        return context.sim();
    }

    /** The VM, null before {@link #createVm}. */
    protected final Vm vm() {
        return vm;
    }

    @Override
    public final Vm createVm(Machine machine) {
        if (vm != null) {
            throw new IllegalStateException(name() + ": the VM exists already");
        }
        vm = buildVm(machine);
        return vm;
    }

    /** The VMM's machine: calls {@link #kvmCreateVm} with the irqchip it asks for, then what its board does next. */
    protected abstract Vm buildVm(Machine machine);

    /**
     * {@code KVM_CREATE_VM}, the vCPUs and the machine's in-kernel irqchip — with {@code ioapic}, the
     * split irqchip ({@code KVM_CAP_SPLIT_IRQCHIP}: the local APICs in KVM, this IO-APIC in the VMM) —
     * then the attributes the VMM sets on it ({@link #configureIrqchip}) and its initialisation, before
     * any device exists.
     *
     * @param ioapic the VMM's own IO-APIC, or null for the whole irqchip in the kernel
     */
    protected final Vm kvmCreateVm(String vmName, Machine machine, UserspaceIoApic ioapic) {
        VmSpec spec = ioapic == null
                ? new VmSpec(vmName, machine.vcpus(), machine.irqchipName(), machine.irqchip(), machine.irqchipConfig())
                : new VmSpec(vmName, machine.vcpus(), machine.irqchipName(), machine.irqchip(), machine.irqchipConfig(),
                        ioapic);
        Vm created = context.hypervisor().createVm(spec);
        configureIrqchip(machine, created.irqchip());
        created.irqchip().init();
        return created;
    }

    /**
     * What the VMM sets on the in-kernel irqchip's device before it initialises it (QEMU's GIC realize:
     * {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS}); nothing by default.
     */
    protected void configureIrqchip(Machine machine, VirtualInterruptController irqchip) {
    }

    @Override
    public final Device assign(AssignedDevice device) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": devices are wired after createVm and before start");
        }
        return wire(device);
    }

    /** Wires one device's interrupts the VMM's way; returns the device as the guest reaches it. */
    protected abstract Device wire(AssignedDevice device);

    @Override
    public final void start(Runnable guestBoot) {
        if (vm == null || started) {
            throw new IllegalStateException(name() + ": start once, after createVm");
        }
        started = true;
        boot(guestBoot);
    }

    /** What the VMM does once the machine is complete; it ends with {@link #scheduleVmStart}. */
    protected abstract void boot(Runnable guestBoot);

    /**
     * At the context's {@code vm-start}: the VM's start ({@code KVM_RUN}), the VMM's start-time work
     * ({@code atStart}), then the guest's boot, at that same instant.
     */
    protected final void scheduleVmStart(Runnable atStart, Runnable guestBoot) {
        sim().scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
            vm.start();
            atStart.run();
            guestBoot.run();
        });
    }
}
