package dev.irqlab.api.plugin;

/**
 * A kernel-message key a plugin's components may emit ({@code TraceEvent.KernelMessage.key}); a
 * scenario counts it with {@code expect: messages.<key>}. A key nobody declares is refused there.
 *
 * @param key     the key, {@code <area>.<what>} ({@code genirq.nobody_cared})
 * @param meaning when it is emitted, for the user
 * @param source  the kernel message it stands for and where ({@code kernel/irq/spurious.c: __report_bad_irq})
 */
public record MessageKey(String key, String meaning, String source) {
}
