package dev.irqlab.api.controller;

import java.util.List;

/**
 * Register-level access to a controller with the manual's register names, for tests and scenario
 * actions that poke hardware the way a guest or a debugger would ("GICD_ISPENDR1", "IOREGSEL",
 * "IOWIN", "ICC_IAR1_EL1", "GICC_DIR").
 *
 * <p>Protocol: {@code cpu} is the accessing CPU (ignored by distributor-wide registers). A name the
 * controller does not have is a configuration error: {@link IllegalArgumentException} whose message
 * lists {@link #names()}. A virtual controller reports the exit the access causes.
 */
public interface Registers {

    /** The register names this controller accepts. */
    List<String> names();

    long read(String register, int cpu);

    void write(String register, int cpu, long value);
}
