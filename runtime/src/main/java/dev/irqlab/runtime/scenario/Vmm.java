package dev.irqlab.runtime.scenario;

/**
 * VMM behaviour switches.
 *
 * @param forceUnmaskAtStart one forced VFIO unmask ({@code VFIO_IRQ_SET_ACTION_UNMASK}) at VM start,
 *                           the workaround for an interrupt left masked across VMM restarts
 */
public record Vmm(boolean forceUnmaskAtStart) {
}
