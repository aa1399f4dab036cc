package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** One vCPU: its local APIC state, MSRs, registers and {@code KVM_RUN} with the shared {@code struct kvm_run}. */
public final class KvmVcpu implements AutoCloseable {

    /** {@code KVM_EXIT_IO}. */
    public static final int EXIT_IO = 2;
    /** {@code KVM_EXIT_INTERNAL_ERROR}. */
    public static final int EXIT_INTERNAL_ERROR = 17;
    /** {@code sizeof(struct kvm_lapic_state)}. */
    public static final int LAPIC_STATE_SIZE = 0x400;
    static final int MSR_IA32_APICBASE = 0x1b;
    static final long APICBASE_X2APIC_ENABLE = 1L << 10;
    /** The x2APIC EOI register as an MSR ({@code APIC_BASE_MSR + (APIC_EOI >> 4)}). */
    static final int MSR_X2APIC_EOI = 0x80b;

    private final KvmDevice kvm;
    private final int fd;
    private final int id;
    private Pointer run;
    private int runSize;

    KvmVcpu(KvmDevice kvm, int fd, int id) {
        this.kvm = kvm;
        this.fd = fd;
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** {@code KVM_GET_LAPIC}: the 1 KiB register page. */
    public byte[] lapic() {
        Memory m = Native.zeroed(LAPIC_STATE_SIZE);
        Native.ioctl(fd, Ioctls.KVM_GET_LAPIC, m, "KVM_GET_LAPIC");
        return m.getByteArray(0, LAPIC_STATE_SIZE);
    }

    /** {@code KVM_SET_LAPIC} (lapic.c {@code kvm_apic_set_state}). */
    public void setLapic(byte[] regs) {
        if (regs.length != LAPIC_STATE_SIZE) {
            throw new IllegalArgumentException("LAPIC state must be " + LAPIC_STATE_SIZE + " bytes");
        }
        Memory m = new Memory(LAPIC_STATE_SIZE);
        m.write(0, regs, 0, regs.length);
        Native.ioctl(fd, Ioctls.KVM_SET_LAPIC, m, "KVM_SET_LAPIC");
    }

    public long msr(int index) {
        Memory m = Native.zeroed(8 + 16);
        m.setInt(0, 1);
        m.setInt(8, index);
        int n = Native.ioctl(fd, Ioctls.KVM_GET_MSRS, m, "KVM_GET_MSRS");
        if (n != 1) {
            throw new KvmException("KVM_GET_MSRS(0x" + Integer.toHexString(index) + ")", 22);
        }
        return m.getLong(16);
    }

    /** {@code KVM_SET_MSRS} of one MSR (host-initiated write). */
    public void setMsr(int index, long value) {
        Memory m = Native.zeroed(8 + 16);
        m.setInt(0, 1);
        m.setInt(8, index);
        m.setLong(16, value);
        int n = Native.ioctl(fd, Ioctls.KVM_SET_MSRS, m, "KVM_SET_MSRS");
        if (n != 1) {
            throw new KvmException("KVM_SET_MSRS(0x" + Integer.toHexString(index) + ")", 22);
        }
    }

    /** {@code KVM_SET_CPUID2} with everything {@code KVM_GET_SUPPORTED_CPUID} offers (x2APIC among it). */
    public void setSupportedCpuid() {
        int max = 256;
        Memory m = Native.zeroed(8 + 40 * max);
        m.setInt(0, max);
        Native.ioctl(kvm.fd(), Ioctls.KVM_GET_SUPPORTED_CPUID, m, "KVM_GET_SUPPORTED_CPUID");
        Native.ioctl(fd, Ioctls.KVM_SET_CPUID2, m, "KVM_SET_CPUID2");
    }

    /** Switches the local APIC to x2APIC mode (IA32_APIC_BASE bit 10): its registers become MSRs. */
    public void enableX2apic() {
        setMsr(MSR_IA32_APICBASE, msr(MSR_IA32_APICBASE) | APICBASE_X2APIC_ENABLE);
    }

    /** A host-initiated write of the x2APIC EOI MSR: lapic.c {@code apic_set_eoi}, as the guest's EOI write. */
    public void x2apicEoi() {
        setMsr(MSR_X2APIC_EOI, 0);
    }

    /**
     * {@code KVM_SET_MP_STATE} to {@code KVM_MP_STATE_RUNNABLE}: an application processor (vCPU id &gt; 0)
     * starts in wait-for-SIPI with the in-kernel LAPIC, and its {@code KVM_RUN} would block.
     */
    public void makeRunnable() {
        Memory m = Native.zeroed(4);
        Native.ioctl(fd, Ioctls.KVM_SET_MP_STATE, m, "KVM_SET_MP_STATE");
    }

    /** {@code KVM_GET_SREGS}, raw {@code struct kvm_sregs}. */
    public Memory sregs() {
        Memory m = Native.zeroed(0x138);
        Native.ioctl(fd, Ioctls.KVM_GET_SREGS, m, "KVM_GET_SREGS");
        return m;
    }

    public void setSregs(Memory m) {
        Native.ioctl(fd, Ioctls.KVM_SET_SREGS, m, "KVM_SET_SREGS");
    }

    /** {@code KVM_SET_REGS} with only rip, rsp, rbx and rflags set. */
    public void setRegs(long rip, long rsp, long rbx, long rflags) {
        Memory m = Native.zeroed(0x90);
        m.setLong(0x08, rbx);
        m.setLong(0x30, rsp);
        m.setLong(0x80, rip);
        m.setLong(0x88, rflags);
        Native.ioctl(fd, Ioctls.KVM_SET_REGS, m, "KVM_SET_REGS");
    }

    public long rip() {
        Memory m = Native.zeroed(0x90);
        Native.ioctl(fd, Ioctls.KVM_GET_REGS, m, "KVM_GET_REGS");
        return m.getLong(0x80);
    }

    /** {@code KVM_RUN} until the next exit to userspace; returns {@code kvm_run.exit_reason}. */
    public int run() {
        if (run == null) {
            runSize = kvm.vcpuMmapSize();
            try {
                run = LibC.INSTANCE.mmap(null, runSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
            } catch (LastErrorException e) {
                throw new KvmException("mmap(kvm_run)", e.getErrorCode());
            }
        }
        Native.ioctl(fd, Ioctls.KVM_RUN, 0L, "KVM_RUN");
        return run.getInt(8);
    }

    /** After {@link #EXIT_IO}: the port. */
    public int ioPort() {
        return run.getShort(32 + 2) & 0xffff;
    }

    /** After {@link #EXIT_IO}: the value the guest wrote (up to 4 bytes). */
    public int ioValue() {
        int size = run.getByte(33);
        long off = run.getLong(32 + 8);
        int v = run.getInt(off);
        return size == 4 ? v : size == 2 ? v & 0xffff : v & 0xff;
    }

    /** After {@link #EXIT_INTERNAL_ERROR}: the suberror. */
    public int internalErrorSuberror() {
        return run.getInt(32);
    }

    /** {@code KVM_GET_STATS_FD}: this vCPU's binary statistics. */
    public VcpuStats stats() {
        return new VcpuStats(Native.ioctl(fd, Ioctls.KVM_GET_STATS_FD, 0L, "KVM_GET_STATS_FD"));
    }

    @Override
    public void close() {
        if (run != null) {
            try {
                LibC.INSTANCE.munmap(run, runSize);
            } catch (LastErrorException e) {
                // nothing to undo
            }
            run = null;
        }
        Native.close(fd);
    }
}
