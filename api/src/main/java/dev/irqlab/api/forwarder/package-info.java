/** The forwarder of an assigned device's interrupts to user space or a VM (vfio-platform, vfio-pci). */
package dev.irqlab.api.forwarder;
