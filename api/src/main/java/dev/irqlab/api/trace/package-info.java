/**
 * The structured trace: every state change of every model, as a closed set of event records.
 * Metrics, waveforms and timelines are all computed from it.
 */
package dev.irqlab.api.trace;
