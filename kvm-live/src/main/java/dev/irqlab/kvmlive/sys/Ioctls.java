package dev.irqlab.kvmlive.sys;

/**
 * The {@code <linux/kvm.h>} ioctl numbers and capabilities this module uses (x86_64), built with the
 * {@code _IOC} encoding of {@code include/uapi/asm-generic/ioctl.h}.
 */
final class Ioctls {

    private static final int KVMIO = 0xAE;

    static final long KVM_GET_API_VERSION = io(0x00);
    static final long KVM_CREATE_VM = io(0x01);
    static final long KVM_CHECK_EXTENSION = io(0x03);
    static final long KVM_GET_VCPU_MMAP_SIZE = io(0x04);
    static final long KVM_GET_SUPPORTED_CPUID = iowr(0x05, 8);
    static final long KVM_CREATE_VCPU = io(0x41);
    static final long KVM_SET_USER_MEMORY_REGION = iow(0x46, 32);
    static final long KVM_SET_TSS_ADDR = io(0x47);
    static final long KVM_CREATE_IRQCHIP = io(0x60);
    static final long KVM_IRQ_LINE = iow(0x61, 8);
    static final long KVM_GET_IRQCHIP = iowr(0x62, 520);
    static final long KVM_SET_IRQCHIP = ior(0x63, 520);
    static final long KVM_IRQ_LINE_STATUS = iowr(0x67, 8);
    static final long KVM_IRQFD = iow(0x76, 32);
    static final long KVM_RUN = io(0x80);
    static final long KVM_GET_REGS = ior(0x81, 0x90);
    static final long KVM_SET_REGS = iow(0x82, 0x90);
    static final long KVM_GET_SREGS = ior(0x83, 0x138);
    static final long KVM_SET_SREGS = iow(0x84, 0x138);
    static final long KVM_GET_MSRS = iowr(0x88, 8);
    static final long KVM_SET_MSRS = iow(0x89, 8);
    static final long KVM_GET_LAPIC = ior(0x8e, 0x400);
    static final long KVM_SET_LAPIC = iow(0x8f, 0x400);
    static final long KVM_SET_CPUID2 = iow(0x90, 8);
    static final long KVM_SET_MP_STATE = iow(0x99, 4);
    static final long KVM_GET_STATS_FD = io(0xce);

    static final int KVM_CAP_IRQCHIP = 0;
    static final int KVM_CAP_IRQ_INJECT_STATUS = 26;
    static final int KVM_CAP_IRQFD = 32;
    static final int KVM_CAP_IRQFD_RESAMPLE = 82;
    static final int KVM_CAP_BINARY_STATS_FD = 203;

    private Ioctls() {
    }

    private static long io(int nr) {
        return ioc(0, nr, 0);
    }

    private static long iow(int nr, int size) {
        return ioc(1, nr, size);
    }

    private static long ior(int nr, int size) {
        return ioc(2, nr, size);
    }

    private static long iowr(int nr, int size) {
        return ioc(3, nr, size);
    }

    private static long ioc(int dir, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | (KVMIO << 8) | nr;
    }
}
