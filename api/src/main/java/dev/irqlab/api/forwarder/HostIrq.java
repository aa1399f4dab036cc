package dev.irqlab.api.forwarder;

import dev.irqlab.api.irq.Trigger;

/** One interrupt of an assigned device on the host: its Linux irq number and trigger type. */
public record HostIrq(int irq, Trigger trigger) {
}
