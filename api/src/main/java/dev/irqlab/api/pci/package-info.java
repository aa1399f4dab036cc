/** PCI functions: configuration space with the INTx disable and interrupt status bits. */
package dev.irqlab.api.pci;
