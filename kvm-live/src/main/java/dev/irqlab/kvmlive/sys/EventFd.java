package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/** A non-blocking eventfd(2) counter: the irqfd trigger or resamplefd. */
public final class EventFd implements AutoCloseable {

    private final int fd;
    private final Memory buf = new Memory(8);

    public EventFd() {
        try {
            fd = LibC.INSTANCE.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new KvmException("eventfd", e.getErrorCode());
        }
    }

    int fd() {
        return fd;
    }

    /** Adds 1 to the counter (an irqfd trigger write). */
    public void signal() {
        buf.setLong(0, 1);
        try {
            LibC.INSTANCE.write(fd, buf, 8);
        } catch (LastErrorException e) {
            throw new KvmException("write(eventfd)", e.getErrorCode());
        }
    }

    /** Reads and clears the counter without blocking; 0 when it was not signalled. */
    public long drain() {
        try {
            LibC.INSTANCE.read(fd, buf, 8);
            return buf.getLong(0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN) {
                return 0;
            }
            throw new KvmException("read(eventfd)", e.getErrorCode());
        }
    }

    @Override
    public void close() {
        Native.close(fd);
    }
}
