/** Devices that raise interrupts and the registers their drivers read to acknowledge them. */
package dev.irqlab.api.device;
