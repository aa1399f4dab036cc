/**
 * The driver-facing API of a Linux interrupt core (kernel/irq/manage.c, pm.c), implemented by the
 * linux-genirq plugin and used by guest drivers and by vfio-platform on the host.
 */
package dev.irqlab.api.kernel;
