package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code /dev/kvm}: availability (with the reason when it is not usable), the API checks, and VM creation.
 */
public final class KvmDevice implements AutoCloseable {

    public static final Path DEVICE = Path.of("/dev/kvm");
    /** {@code KVM_API_VERSION}. */
    static final int API_VERSION = 12;

    private final int fd;

    private KvmDevice(int fd) {
        this.fd = fd;
    }

    /**
     * Why this machine cannot run the live backend, or empty when it can: not Linux x86_64, no
     * {@code /dev/kvm}, no permission, an unexpected API version, or a missing capability
     * (in-kernel irqchip, {@code KVM_IRQ_LINE_STATUS}, irqfd with resample).
     */
    public static Optional<String> unavailableReason() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("the live KVM backend needs Linux on x86_64; this is " + os + "/" + arch);
        }
        if (!Files.exists(DEVICE)) {
            return Optional.of(DEVICE + " does not exist (no KVM on this machine)");
        }
        try (KvmDevice kvm = open()) {
            int api = kvm.apiVersion();
            if (api != API_VERSION) {
                return Optional.of("KVM API version " + api + ", expected " + API_VERSION);
            }
            int[][] caps = {{Ioctls.KVM_CAP_IRQCHIP, 0}, {Ioctls.KVM_CAP_IRQ_INJECT_STATUS, 0},
                {Ioctls.KVM_CAP_IRQFD, 0}, {Ioctls.KVM_CAP_IRQFD_RESAMPLE, 0}};
            String[] names = {"KVM_CAP_IRQCHIP", "KVM_CAP_IRQ_INJECT_STATUS", "KVM_CAP_IRQFD", "KVM_CAP_IRQFD_RESAMPLE"};
            for (int i = 0; i < caps.length; i++) {
                if (kvm.checkExtension(caps[i][0]) <= 0) {
                    return Optional.of("KVM lacks " + names[i]);
                }
            }
        } catch (KvmException e) {
            return Optional.of("cannot use " + DEVICE + ": " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of("no native access (JNA): " + e.getMessage());
        }
        return Optional.empty();
    }

    public static KvmDevice open() {
        try {
            return new KvmDevice(LibC.INSTANCE.open(DEVICE.toString(), LibC.O_RDWR | LibC.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new KvmException("open(" + DEVICE + ")", e.getErrorCode());
        }
    }

    public int apiVersion() {
        return Native.ioctl(fd, Ioctls.KVM_GET_API_VERSION, 0L, "KVM_GET_API_VERSION");
    }

    public int checkExtension(int cap) {
        return Native.ioctl(fd, Ioctls.KVM_CHECK_EXTENSION, cap, "KVM_CHECK_EXTENSION");
    }

    int vcpuMmapSize() {
        return Native.ioctl(fd, Ioctls.KVM_GET_VCPU_MMAP_SIZE, 0L, "KVM_GET_VCPU_MMAP_SIZE");
    }

    int fd() {
        return fd;
    }

    /** {@code KVM_CREATE_VM} + {@code KVM_CREATE_IRQCHIP} (8259 pair, IO-APIC, a local APIC per vCPU). */
    public KvmVm createVmWithIrqchip() {
        return new KvmVm(this, Native.ioctl(fd, Ioctls.KVM_CREATE_VM, 0L, "KVM_CREATE_VM"));
    }

    @Override
    public void close() {
        Native.close(fd);
    }
}
