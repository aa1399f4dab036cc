package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** One KVM VM with the in-kernel irqchip: IO-APIC state, irq lines, vCPUs, guest RAM and irqfds. */
public final class KvmVm implements AutoCloseable {

    /** {@code KVM_IRQCHIP_IOAPIC}. */
    private static final int IRQCHIP_IOAPIC = 2;
    /** {@code KVM_IRQFD_FLAG_RESAMPLE}. */
    private static final int IRQFD_FLAG_RESAMPLE = 1 << 1;

    private final KvmDevice kvm;
    private final int fd;
    private final List<KvmVcpu> vcpus = new ArrayList<>();
    private Pointer ram;
    private long ramSize;

    KvmVm(KvmDevice kvm, int fd) {
        this.kvm = kvm;
        this.fd = fd;
        try {
            // Intel VMX needs a TSS region below 4 GiB before the first KVM_RUN; other backends ignore or refuse it.
            Native.ioctl(fd, Ioctls.KVM_SET_TSS_ADDR, 0xfffb_d000L, "KVM_SET_TSS_ADDR");
        } catch (KvmException e) {
            // not needed on SVM / PVM
        }
        try {
            Native.ioctl(fd, Ioctls.KVM_CREATE_IRQCHIP, 0L, "KVM_CREATE_IRQCHIP");
        } catch (KvmException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** {@code KVM_GET_IRQCHIP} for the IO-APIC. */
    public IoapicState ioapic() {
        Memory m = Native.zeroed(520);
        m.setInt(0, IRQCHIP_IOAPIC);
        Native.ioctl(fd, Ioctls.KVM_GET_IRQCHIP, m, "KVM_GET_IRQCHIP");
        long[] t = new long[IoapicState.PINS];
        for (int i = 0; i < t.length; i++) {
            t[i] = m.getLong(8 + 24 + 8L * i);
        }
        return new IoapicState(m.getLong(8), m.getInt(16), m.getInt(20), m.getInt(24), t);
    }

    /** {@code KVM_SET_IRQCHIP} for the IO-APIC (arch/x86/kvm/ioapic.c {@code kvm_set_ioapic}). */
    public void setIoapic(IoapicState s) {
        Memory m = Native.zeroed(520);
        m.setInt(0, IRQCHIP_IOAPIC);
        m.setLong(8, s.baseAddress());
        m.setInt(16, s.ioregsel());
        m.setInt(20, s.id());
        m.setInt(24, s.irr());
        for (int i = 0; i < IoapicState.PINS; i++) {
            m.setLong(8 + 24 + 8L * i, s.entry(i));
        }
        Native.ioctl(fd, Ioctls.KVM_SET_IRQCHIP, m, "KVM_SET_IRQCHIP");
    }

    /** Masks every input of both in-kernel 8259s (IMR = 0xff), as a guest using only the IO-APIC does. */
    public void maskPics() {
        for (int chip = 0; chip < 2; chip++) {
            Memory m = Native.zeroed(520);
            m.setInt(0, chip);
            Native.ioctl(fd, Ioctls.KVM_GET_IRQCHIP, m, "KVM_GET_IRQCHIP(PIC)");
            m.setByte(8 + 2, (byte) 0xff); // struct kvm_pic_state.imr
            Native.ioctl(fd, Ioctls.KVM_SET_IRQCHIP, m, "KVM_SET_IRQCHIP(PIC)");
        }
    }

    /**
     * {@code KVM_IRQ_LINE_STATUS} for GSI {@code gsi} (source {@code KVM_USERSPACE_IRQ_SOURCE_ID}):
     * the {@code kvm_set_irq} result, &lt; 0 ignored, 0 coalesced, &gt; 0 delivered.
     */
    public int irqLineStatus(int gsi, boolean level) {
        Memory m = Native.zeroed(8);
        m.setInt(0, gsi);
        m.setInt(4, level ? 1 : 0);
        Native.ioctl(fd, Ioctls.KVM_IRQ_LINE_STATUS, m, "KVM_IRQ_LINE_STATUS");
        return m.getInt(0);
    }

    /** {@code KVM_CREATE_VCPU}; the vCPU's APIC id is its index. */
    public KvmVcpu createVcpu() {
        int id = vcpus.size();
        int vfd = Native.ioctl(fd, Ioctls.KVM_CREATE_VCPU, id, "KVM_CREATE_VCPU");
        KvmVcpu v = new KvmVcpu(kvm, vfd, id);
        vcpus.add(v);
        return v;
    }

    /** Anonymous guest RAM at GPA 0 (slot 0), page-aligned as {@code KVM_SET_USER_MEMORY_REGION} requires. */
    public Pointer addRam(long size) {
        if (ram != null) {
            throw new IllegalStateException("RAM already added");
        }
        try {
            ram = LibC.INSTANCE.mmap(null, size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        } catch (LastErrorException e) {
            throw new KvmException("mmap(guest RAM)", e.getErrorCode());
        }
        ramSize = size;
        Memory m = Native.zeroed(32);
        m.setInt(0, 0);
        m.setInt(4, 0);
        m.setLong(8, 0);
        m.setLong(16, size);
        m.setLong(24, Pointer.nativeValue(ram));
        Native.ioctl(fd, Ioctls.KVM_SET_USER_MEMORY_REGION, m, "KVM_SET_USER_MEMORY_REGION");
        return ram;
    }

    /** {@code KVM_IRQFD}: {@code trigger} injects {@code gsi}; with a {@code resample} fd, {@code KVM_IRQFD_FLAG_RESAMPLE}. */
    public void irqfd(EventFd trigger, int gsi, EventFd resample) {
        Memory m = Native.zeroed(32);
        m.setInt(0, trigger.fd());
        m.setInt(4, gsi);
        m.setInt(8, resample == null ? 0 : IRQFD_FLAG_RESAMPLE);
        m.setInt(12, resample == null ? 0 : resample.fd());
        Native.ioctl(fd, Ioctls.KVM_IRQFD, m, "KVM_IRQFD");
    }

    @Override
    public void close() {
        for (KvmVcpu v : vcpus) {
            v.close();
        }
        Native.close(fd);
        if (ram != null) {
            try {
                LibC.INSTANCE.munmap(ram, ramSize);
            } catch (LastErrorException e) {
                // nothing to undo
            }
            ram = null;
        }
    }
}
