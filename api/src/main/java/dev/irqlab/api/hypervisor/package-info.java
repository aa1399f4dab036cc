/** The hypervisor: VMs, vCPUs, exits by cause, GSI routing and irqfds (KVM). */
package dev.irqlab.api.hypervisor;
