/** Interrupt-line values shared by devices, controllers and kernels. */
package dev.irqlab.api.irq;
