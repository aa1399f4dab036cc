package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Checked wrappers over {@link LibC}: a failure is a {@link KvmException} naming the call. */
final class Native {

    private Native() {
    }

    static int ioctl(int fd, long request, Pointer arg, String name) {
        try {
            return LibC.INSTANCE.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw new KvmException(name, e.getErrorCode());
        }
    }

    static int ioctl(int fd, long request, long arg, String name) {
        try {
            return LibC.INSTANCE.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw new KvmException(name, e.getErrorCode());
        }
    }

    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // close(2) failures leave nothing to undo for a KVM fd
        }
    }

    static Memory zeroed(int size) {
        Memory m = new Memory(size);
        m.clear();
        return m;
    }
}
