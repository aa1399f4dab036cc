/** What every plugin's entry point shares: {@link dev.irqlab.plugin.AbstractIrqlabPlugin}. */
package dev.irqlab.plugin;
