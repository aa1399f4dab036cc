package dev.irqlab.api.plugin;

/**
 * What a fix option ({@code fix:} in a scenario) changes, declared by the plugin implementing it.
 *
 * @param name     the option name, as in {@link Capabilities#fixes()}
 * @param summary  what it changes, one sentence
 * @param upstream which upstream version has it ({@code "v6.3 (fef8f2b90edb)"}), or that it is unmerged
 *                 and where it was proposed
 * @param source   the patch or kernel function it follows
 * @param upstreamBehaviour true when the option names what runs without any fix (kvm's
 *                 {@code resample-on-eoi}, the upstream resampler): {@code irqlab matrix} has no row for
 *                 it, since that row is its {@code none} row
 */
public record FixInfo(String name, String summary, String upstream, String source, boolean upstreamBehaviour) {

    /** A fix that changes upstream behaviour (a row of its own in {@code irqlab matrix}). */
    public FixInfo(String name, String summary, String upstream, String source) {
        this(name, summary, upstream, source, false);
    }
}
