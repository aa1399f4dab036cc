package dev.irqlab.api;

/**
 * The Linux error numbers the models return, as negative values the way the kernel does
 * ({@code return -EINVAL;}). Values from include/uapi/asm-generic/errno-base.h and errno.h.
 */
public final class Errno {
    public static final int OK = 0;
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSYS = 38;
    public static final int ENOTSUPP = 524;

    private Errno() {
    }

    /** The symbolic name of a (positive or negative) error number, e.g. {@code -22 -> "EINVAL"}. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case 0 -> "OK";
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOTTY -> "ENOTTY";
            case ENOSYS -> "ENOSYS";
            case ENOTSUPP -> "ENOTSUPP";
            default -> "E" + Math.abs(errno);
        };
    }
}
