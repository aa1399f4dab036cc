package dev.irqlab.gic.arch;

/**
 * What one list register of vCPU {@code vcpu} holds, as values: the virtual INTID, the State field
 * (invalid as inactive), the HW bit with the physical INTID (-1 without HW), the EOI bit and the priority
 * (ICH_LR&lt;n&gt;_EL2, IHI 0069 12.4.10).
 */
public record LrContents(int vcpu, int intid, GicIrqState state, boolean hw, int pintid, boolean eoi, int priority) {
}
