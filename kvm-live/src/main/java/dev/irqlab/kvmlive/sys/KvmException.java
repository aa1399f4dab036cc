package dev.irqlab.kvmlive.sys;

/** A KVM ioctl or system call failed: names the call and errno. */
public final class KvmException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int errno;

    public KvmException(String call, int errno) {
        super(call + " failed: errno " + errno + " (" + Errnos.name(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Short names for the errno values KVM returns. */
    static final class Errnos {
        private Errnos() {
        }

        static String name(int e) {
            switch (e) {
                case 1: return "EPERM";
                case 2: return "ENOENT";
                case 4: return "EINTR";
                case 11: return "EAGAIN";
                case 12: return "ENOMEM";
                case 13: return "EACCES";
                case 14: return "EFAULT";
                case 16: return "EBUSY";
                case 17: return "EEXIST";
                case 19: return "ENODEV";
                case 22: return "EINVAL";
                case 25: return "ENOTTY";
                case 95: return "EOPNOTSUPP";
                default: return "errno " + e;
            }
        }
    }
}
