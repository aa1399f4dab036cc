package dev.irqlab.gic.arch;

import java.util.HashMap;
import java.util.Map;

/**
 * The trace causes of the distributor register accesses a chip or distributor traces, built once
 * each: a write ("GICD_ISENABLER1 write") or a read of a register. Bounded by the number of distinct
 * register names.
 */
public final class RegisterNames {

    /**
     * The causes of names {@link DistributorRegisters} does not know; made at the first such name (a
     * run's distributor, vGIC MMIO and accesses have none).
     */
    private Map<String, String> writeCauses;
    private Map<String, String> readCauses;

    /** {@code register + " write"}. */
    public String writeCause(String register) {
        String known = DistributorRegisters.knownWriteCause(register);
        if (known != null) {
            return known;
        }
        if (writeCauses == null) {
            writeCauses = new HashMap<>();
        }
        return writeCauses.computeIfAbsent(register, r -> r + " write");
    }

    /** {@code register + " read"}. */
    public String readCause(String register) {
        String known = DistributorRegisters.knownReadCause(register);
        if (known != null) {
            return known;
        }
        if (readCauses == null) {
            readCauses = new HashMap<>();
        }
        return readCauses.computeIfAbsent(register, r -> r + " read");
    }
}
