package dev.irqlab.kvmlive.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vCPU's binary statistics ({@code KVM_GET_STATS_FD}, Linux 5.14+; Documentation/virt/kvm/api.rst
 * "KVM_GET_STATS_FD"): header, descriptors (name, size, offset), then the data block. Only
 * single-value (size 1) counters are read.
 */
public final class VcpuStats implements AutoCloseable {

    private final int fd;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final int dataOffset;
    private final int dataLength;

    VcpuStats(int fd) {
        this.fd = fd;
        Memory hdr = pread(24, 0);
        int nameSize = hdr.getInt(4);
        int numDesc = hdr.getInt(8);
        int descOffset = hdr.getInt(16);
        this.dataOffset = hdr.getInt(20);
        int descSize = 16 + nameSize;
        Memory d = pread(descSize * numDesc, descOffset);
        int end = 0;
        for (int i = 0; i < numDesc; i++) {
            long base = (long) i * descSize;
            int size = d.getShort(base + 6) & 0xffff;
            int offset = d.getInt(base + 8);
            String name = d.getString(base + 16, "US-ASCII");
            if (size == 1) {
                offsets.put(name, offset);
            }
            end = Math.max(end, offset + 8 * size);
        }
        this.dataLength = end;
    }

    /** The names of the single-value counters. */
    public java.util.Set<String> names() {
        return offsets.keySet();
    }

    /** Every single-value counter, by name, in descriptor order. */
    public Map<String, Long> read() {
        Memory m = pread(dataLength, dataOffset);
        Map<String, Long> out = new LinkedHashMap<>();
        offsets.forEach((n, off) -> out.put(n, m.getLong(off)));
        return out;
    }

    private Memory pread(int len, long off) {
        Memory m = Native.zeroed(Math.max(len, 1));
        try {
            LibC.INSTANCE.pread(fd, m, len, off);
        } catch (LastErrorException e) {
            throw new KvmException("pread(stats fd)", e.getErrorCode());
        }
        return m;
    }

    @Override
    public void close() {
        Native.close(fd);
    }
}
