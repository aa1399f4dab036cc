/**
 * Interrupt controllers, physical (GIC distributor + CPU interface, IO-APIC + local APIC) and virtual
 * (KVM's vGIC, KVM's IO-APIC), seen from three sides: the input wires, the {@code struct irq_chip}
 * operations a Linux kernel performs ({@link dev.irqlab.api.controller.IrqChip}), and the output
 * toward the CPUs with its acknowledge step.
 */
package dev.irqlab.api.controller;
