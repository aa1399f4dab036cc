package dev.irqlab.vmm.core;

/**
 * The texts of a region's trapped accesses as a VMM's exit reports them ("vfio.pad region read 0x4
 * (slow path)"), each built the first time its access and offset come and kept for the next: a
 * guest touches the same few registers at every interrupt, and a run that writes no trace reads no
 * exit's text. The last {@link #KEPT} distinct accesses are kept; an older one is built again.
 */
public final class AccessTexts {

    /** Texts kept, most recent first. */
    static final int KEPT = 8;

    /** The text of one access: {@code access} is {@link TrappedRegion}'s "read" or "write". */
    @FunctionalInterface
    public interface Format {
        String text(String access, int offset);
    }

    private final Format format;
    private final String[] accesses = new String[KEPT];
    private final int[] offsets = new int[KEPT];
    private final String[] texts = new String[KEPT];
    private int count;

    public AccessTexts(Format format) {
        this.format = format;
    }

    /** The text of {@code access} at {@code offset}. */
    @SuppressWarnings("ReferenceEquality") // TrappedRegion passes its two literals
    public String of(String access, int offset) {
        for (int i = 0; i < count; i++) {
            if (offsets[i] == offset && accesses[i] == access) {
                return texts[i];
            }
        }
        String text = format.text(access, offset);
        int n = Math.min(count, KEPT - 1);
        System.arraycopy(accesses, 0, accesses, 1, n);
        System.arraycopy(offsets, 0, offsets, 1, n);
        System.arraycopy(texts, 0, texts, 1, n);
        accesses[0] = access;
        offsets[0] = offset;
        texts[0] = text;
        count = n + 1;
        return text;
    }
}
