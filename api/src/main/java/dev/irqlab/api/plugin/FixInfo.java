package dev.irqlab.api.plugin;

/**
 * What a fix option ({@code fix:} in a scenario) changes, declared by the plugin implementing it.
 *
 * @param name     the option name, as in {@link Capabilities#fixes()}
 * @param summary  what it changes, one sentence
 * @param upstream which upstream version has it ({@code "v6.3 (fef8f2b90edb)"}), or that it is unmerged
 *                 and where it was proposed
 * @param source   the patch or kernel function it follows
 */
public record FixInfo(String name, String summary, String upstream, String source) {
}
