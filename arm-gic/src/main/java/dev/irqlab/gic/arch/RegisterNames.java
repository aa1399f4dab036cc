package dev.irqlab.gic.arch;

import java.util.HashMap;
import java.util.Map;

/**
 * The trace causes of the distributor register accesses a chip or distributor traces, built once
 * each: a write ("GICD_ISENABLER1 write") or a read of a register. Bounded by the number of distinct
 * register names.
 */
public final class RegisterNames {

    private final Map<String, String> writeCauses = new HashMap<>();
    private final Map<String, String> readCauses = new HashMap<>();

    /** {@code register + " write"}. */
    public String writeCause(String register) {
        String known = DistributorRegisters.knownWriteCause(register);
        return known != null ? known : writeCauses.computeIfAbsent(register, r -> r + " write");
    }

    /** {@code register + " read"}. */
    public String readCause(String register) {
        String known = DistributorRegisters.knownReadCause(register);
        return known != null ? known : readCauses.computeIfAbsent(register, r -> r + " read");
    }
}
