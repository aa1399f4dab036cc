package dev.irqlab.api.controller;

import dev.irqlab.api.hypervisor.ExitCause;

/**
 * Where a virtual controller reports a VM exit caused by the guest's access (an MMIO write to
 * {@code IOWIN} or {@code GICD_ICENABLER}, a LAPIC EOI, a maintenance interrupt). The hypervisor
 * charges it to the vCPU currently running guest code and applies the configured cost.
 */
@FunctionalInterface
public interface ExitSink {

    void exit(ExitCause cause, String detail);
}
