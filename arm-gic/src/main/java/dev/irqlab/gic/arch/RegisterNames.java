package dev.irqlab.gic.arch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distributor register names a chip or distributor traces, built once each: the bit register of
 * an INTID ({@link DistributorRegisters#bitRegister}, "GICD_ISENABLER1") and the trace cause of a
 * write to a register ("GICD_ISENABLER1 write"). Bounded by the number of distinct register names.
 */
public final class RegisterNames {

    private final Map<String, String[]> bitRegisters = new HashMap<>();
    private final Map<String, String> writeCauses = new HashMap<>();
    private final Map<String, String> readCauses = new HashMap<>();

    /** {@code DistributorRegisters.bitRegister(prefix, intid)}, the same string for the same register. */
    public String bitRegister(String prefix, int intid) {
        int index = intid / 32;
        if (intid < 0) {
            return DistributorRegisters.bitRegister(prefix, intid);
        }
        String[] names = bitRegisters.get(prefix);
        if (names == null || index >= names.length) {
            names = names == null ? new String[index + 1] : Arrays.copyOf(names, index + 1);
            bitRegisters.put(prefix, names);
        }
        String name = names[index];
        if (name == null) {
            name = DistributorRegisters.bitRegister(prefix, intid);
            names[index] = name;
        }
        return name;
    }

    /** {@code register + " write"}. */
    public String writeCause(String register) {
        return writeCauses.computeIfAbsent(register, r -> r + " write");
    }

    /** {@code register + " read"}. */
    public String readCause(String register) {
        return readCauses.computeIfAbsent(register, r -> r + " read");
    }
}
