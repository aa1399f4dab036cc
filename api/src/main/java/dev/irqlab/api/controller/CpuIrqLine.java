package dev.irqlab.api.controller;

/**
 * The interrupt request input of one CPU (nIRQ / the LAPIC's INTR to the core, or a vCPU's
 * virtual interrupt line).
 *
 * <p>Protocol: the controller calls {@link #set} with true when it has an interrupt the CPU should
 * take and false when it no longer has one. The CPU model later calls
 * {@link InterruptController#acknowledge} from its interrupt entry; it may be called with true
 * repeatedly.
 */
@FunctionalInterface
public interface CpuIrqLine {

    void set(boolean asserted);
}
