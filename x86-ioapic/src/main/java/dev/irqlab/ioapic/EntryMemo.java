package dev.irqlab.ioapic;

/**
 * Redirection entries by value, per pin: an entry that comes back to a value it held lately (the mask
 * and Remote IRR bits go back and forth on every interrupt) is given the same {@link RedirectionEntry}
 * again, so the register traffic of an interrupt allocates nothing. Entries are values (a record);
 * which instance carries a value is not observable. Holds no model rule.
 */
final class EntryMemo {

    /** Values remembered per pin: more than one interrupt's cycle (a ONESHOT level pin goes through four). */
    private static final int WAYS = 8;

    private final RedirectionEntry[][] seen;
    /** The bits of each remembered entry, beside it: the look-up compares longs without loading entries. */
    private final long[][] seenBits;
    private final int[] next;

    EntryMemo(int pins) {
        this.seen = new RedirectionEntry[pins][WAYS];
        this.seenBits = new long[pins][WAYS];
        this.next = new int[pins];
    }

    /** {@code e}, the entry of {@code pin}, with bit {@code n} set to {@code value}. */
    RedirectionEntry withBit(int pin, RedirectionEntry e, int n, boolean value) {
        return of(pin, RedirectionEntry.withBit(e.bits(), n, value));
    }

    /** The entry with {@code bits} for {@code pin}: a remembered one, or a new one, then remembered. */
    RedirectionEntry of(int pin, long bits) {
        RedirectionEntry[] s = seen[pin];
        long[] b = seenBits[pin];
        for (int i = 0; i < WAYS; i++) {
            if (b[i] == bits && s[i] != null) {
                return s[i];
            }
        }
        RedirectionEntry e = new RedirectionEntry(bits);
        int way = next[pin];
        s[way] = e;
        b[way] = bits;
        next[pin] = (way + 1) % WAYS;
        return e;
    }
}
