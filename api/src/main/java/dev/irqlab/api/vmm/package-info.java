/**
 * The user-space VMM (QEMU, crosvm): creating the VM, wiring assigned devices' VFIO interrupts into
 * it (irqfds, resamplefds, the fallbacks), starting it.
 */
package dev.irqlab.api.vmm;
