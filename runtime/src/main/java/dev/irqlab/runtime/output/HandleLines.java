package dev.irqlab.runtime.output;

import java.util.Arrays;

/**
 * The lines one JSON Lines writer wrote before, by the handle of their fixed part (a
 * {@link dev.irqlab.api.trace.StateKey}, or a {@link dev.irqlab.api.trace.TraceName} in one kind of
 * line): a line is its type's opening, the time and, when the same arguments came before, one copy
 * of the bytes that followed the time then ({@code ,"component":...}), newline included. A round
 * trip's trace is a few hundred distinct lines written again and again, in the same order, with a new
 * time, so nearly every line is one copy of its whole line, kept with a time of as many digits in one
 * array for all lines (the arena), and the time's digits written over it ({@link #write}).
 *
 * <p>Every line written from here or kept here is logged by its number, in a ring of the last
 * {@link #LOG} lines. A line is looked for first as the one that followed, in the log, the line the
 * writer is following (the round trip's order repeats: the writer follows the last round trip's lines
 * one by one, through a line written twice in it too), by the identity of its handle and strings (a
 * model passes its literals and the strings it built once) and its numbers; then among the last
 * {@link #KEEP} lines of its handle, most recently used first, found in an array indexed by the kind
 * of line and the handle's number (the run's trace numbers the handles), by its strings' text too (a
 * "ICC_EOIR1_EL1 write (vcpu0)" built per event), and the writer follows that line's last place in
 * the log. A line with a string of new text (a "data event 17" cause) misses, is written from a line
 * of its handle like it but for that string ({@link #like}), else member by member; it is kept when
 * the string came before ({@link #again}), taking the number and the room of its handle's least
 * recently used line once the handle has {@link #KEEP}. A handle that no trace numbered has no lines
 * kept. Numbers, not references, are all that changes per line here (no collector's write barrier).
 * The table never changes what is written, only how fast.
 */
final class HandleLines {

    /** Lines kept per handle and kind. */
    static final int KEEP = 16;
    /**
     * Lines logged: many times a round trip's (119 to 138 lines); a line whose place was written over
     * since is found by its handle. Small, as a writer is made per run and a short run writes a few
     * thousand lines.
     */
    static final int LOG = 1 << 12;
    private static final int MASK = LOG - 1;
    /** Room a line is given in the arena for a time with more digits than it has now. */
    private static final int SLACK = 4;

    /** A line's key (kind, handle and the rest), its opening, the bytes after its time, and its place. */
    static final class Line {
        private final int kind;
        private final Object handle;
        private final String a;
        private final String b;
        private final String c;
        private final long n0;
        private final long n1;
        /** The hash of its strings' text ({@link #textHash}): compared before the text. */
        private final int textHash;
        /** The line's opening, up to the time. */
        final byte[] head;
        /** {@code ,"component":...}: what follows the time, up to and with the newline. */
        final byte[] bytes;
        /**
         * Where the caller's part goes in {@link #bytes}: a counter's values; in a state change, where
         * its cause member starts.
         */
        final int split;
        /** Where the time goes: the opening's length. */
        private final int timeAt;
        /** Its number: its index in {@link #lines}. */
        private final int number;
        /** In the arena: where the whole line starts, its length, its room, and its time's digits (-1: not placed). */
        private int start;
        private int length;
        private int room;
        private int timeLength = -1;
        /** Where in the log it was written last. */
        private int loggedAt = -1;

        private Line(int kind, Object handle, String a, String b, String c, long n0, long n1, byte[] head,
                byte[] bytes, int split, int number) {
            this.kind = kind;
            this.handle = handle;
            this.a = a;
            this.b = b;
            this.c = c;
            this.n0 = n0;
            this.n1 = n1;
            this.textHash = textHash(a, b, c);
            this.head = head;
            this.bytes = bytes;
            this.split = split;
            this.number = number;
            this.timeAt = head.length;
        }

        /** Whether it is the line of these parts, its strings the same objects: the predicted line's check. */
        @SuppressWarnings("ReferenceEquality") // the models pass the same String objects
        boolean is(int kind, Object handle, String a, String b, String c, long n0, long n1) {
            return this.handle == handle && this.kind == kind && this.a == a && this.b == b && this.c == c
                && this.n0 == n0 && this.n1 == n1;
        }

        /**
         * Whether it is the line of these parts, its strings the same objects or equal text;
         * {@code textHash} is theirs ({@link #textHash}), so that a line of other text is passed over
         * without reading its strings.
         */
        @SuppressWarnings("ReferenceEquality") // a handle is its trace's one object for its name
        private boolean matches(int kind, Object handle, String a, String b, String c, long n0, long n1,
                int textHash) {
            return this.handle == handle && this.kind == kind && this.n0 == n0 && this.n1 == n1
                && this.textHash == textHash && same(this.a, a) && same(this.b, b) && same(this.c, c);
        }
    }

    /** A hash of three strings' text (a null as the empty string): equal text, equal hash. */
    private static int textHash(String a, String b, String c) {
        return 31 * (31 * hash(a) + hash(b)) + hash(c);
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    /** The same string: the same object (a model's literal), else equal text (one built anew per event). */
    @SuppressWarnings("ReferenceEquality") // identity first: the models pass the same String objects
    private static boolean same(String kept, String s) {
        return kept == s || (kept != null && kept.equals(s));
    }

    /** The lines of one handle in one kind, by number, most recently used first. */
    private static final class Lines {
        private final Object handle;
        private final int[] numbers = new int[KEEP];
        /** Each one's {@link Line#textHash}, in the same order: a look-up reads no line of other text. */
        private final int[] textHashes = new int[KEEP];
        private int count;
        /** The last string that {@link #again} was asked about and that did not come before it. */
        private String lastOther;

        private Lines(Object handle) {
            this.handle = handle;
        }
    }

    /** By kind, by handle number. */
    private final Lines[][] byKind;
    /** Every line kept, by number. */
    private Line[] lines = new Line[256];
    private int count;
    /** The numbers of the last {@link #LOG} lines written, at their place modulo {@link #LOG}. */
    private final int[] log = new int[LOG];
    /** Lines logged so far (modulo 2^32). */
    private int logged;
    /** The place in the log of the line followed: the next line is looked for after it. */
    private int follow = -1;
    /** The whole lines, each in its room. */
    private byte[] arena = new byte[16 * 1024];
    private int arenaUsed;

    /** A table for lines of {@code kinds} kinds, numbered from 0. */
    HandleLines(int kinds) {
        byKind = new Lines[kinds][64];
    }

    /**
     * The line the log predicts next, or null: the one written after, in the log, the line the writer
     * follows. A caller that finds it is the line of its call ({@link Line#is}) writes it with
     * {@link #writePredicted}, else looks for it with {@link #find}.
     */
    Line predicted() {
        return lines[log[(follow + 1) & MASK]];
    }

    /** Writes the line {@link #predicted} ({@link #write}), now followed. */
    void writePredicted(Line l, long time, JsonBytes w) {
        followPredicted(l);
        write(l, time, w);
    }

    /** The line {@link #predicted} is written now, by its caller: it is followed. */
    void followPredicted(Line l) {
        follow++;
        logged(l);
    }

    /**
     * The line of this kind and {@code handle} (numbered {@code id}) with these other parts, or null,
     * when it is not the one {@link #predicted}: among its handle's lines, and followed from its last
     * place.
     */
    Line find(int kind, Object handle, int id, String a, String b, String c, long n0, long n1) {
        Line l = lookUp(kind, handle, id, a, b, c, n0, n1);
        if (l != null) {
            follow = l.loggedAt;
            logged(l);
        }
        return l;
    }

    /** {@link #find} when the line is not the one the log predicts. */
    private Line lookUp(int kind, Object handle, int id, String a, String b, String c, long n0, long n1) {
        Lines ls = lines(kind, handle, id);
        if (ls != null) {
            int[] numbers = ls.numbers;
            int[] hashes = ls.textHashes;
            int textHash = textHash(a, b, c);
            for (int i = 0; i < ls.count; i++) {
                if (hashes[i] != textHash) {
                    continue;
                }
                int n = numbers[i];
                Line l = lines[n];
                if (l.matches(kind, handle, a, b, c, n0, n1, textHash)) {
                    if (i > 0) {
                        System.arraycopy(numbers, 0, numbers, 1, i);
                        System.arraycopy(hashes, 0, hashes, 1, i);
                        numbers[0] = n;
                        hashes[0] = textHash;
                    }
                    return l;
                }
            }
        }
        return null;
    }

    /**
     * The most recently used line of this kind and {@code handle} whose first two strings are
     * {@code a} and {@code b}, or null: a line like the one looked for but for its third.
     */
    Line like(int kind, Object handle, int id, String a, String b) {
        Lines ls = lines(kind, handle, id);
        if (ls != null) {
            for (int i = 0; i < ls.count; i++) {
                Line l = lines[ls.numbers[i]];
                if (same(l.a, a) && same(l.b, b)) {
                    return l;
                }
            }
        }
        return null;
    }

    /**
     * Whether the third string {@code c} of a line like a kept one ({@link #like}) came in the last
     * such line of this handle too (an equal string): then its line is worth keeping. A string built
     * anew per event (a "data event 17" cause) never is, and its line is not kept.
     */
    boolean again(int kind, Object handle, int id, String c) {
        Lines ls = lines(kind, handle, id);
        if (ls == null || c == null) {
            return false;
        }
        if (c.equals(ls.lastOther)) {
            ls.lastOther = null;
            return true;
        }
        ls.lastOther = c;
        return false;
    }

    /** The lines kept for {@code handle} (numbered {@code id}) in this kind, or null. */
    @SuppressWarnings("ReferenceEquality") // a handle is its trace's one object for its name
    private Lines lines(int kind, Object handle, int id) {
        Lines[] all = byKind[kind];
        Lines ls = id >= 0 && id < all.length ? all[id] : null;
        return ls != null && ls.handle == handle ? ls : null;
    }

    /** {@code l} is written now, at the log's next place. */
    private void logged(Line l) {
        int p = logged++;
        log[p & MASK] = l.number;
        l.loggedAt = p;
    }

    /**
     * Writes {@code l} to {@code w}: its whole line, with {@code time}'s digits over those of the time
     * it was kept with.
     */
    void write(Line l, long time, JsonBytes w) {
        int digits = w.timeDigits(time);
        if (l.timeLength != digits) {
            place(l, digits);
        }
        w.line(arena, l.start, l.length, l.timeAt);
    }

    /** Puts {@code l}'s whole line, with room for a time of {@code digits} digits, in its room or a new one. */
    private void place(Line l, int digits) {
        int length = l.head.length + digits + l.bytes.length;
        if (length > l.room) {
            int room = length + SLACK;
            if (arenaUsed + room > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(2 * arena.length, arenaUsed + room));
            }
            l.start = arenaUsed;
            l.room = room;
            arenaUsed += room;
        }
        System.arraycopy(l.head, 0, arena, l.start, l.head.length);
        System.arraycopy(l.bytes, 0, arena, l.start + l.head.length + digits, l.bytes.length);
        l.length = length;
        l.timeLength = digits;
    }

    /**
     * Keeps the line just encoded for {@code handle} (numbered {@code id}; none kept for an
     * unnumbered one), first of its handle's; the least recently used of a handle that has
     * {@link #KEEP} gives it its number and its room in the arena.
     */
    @SuppressWarnings("ReferenceEquality")
    void keep(int kind, Object handle, int id, String a, String b, String c, long n0, long n1, byte[] head,
            byte[] bytes, int split) {
        if (id < 0) {
            return;
        }
        Lines[] all = byKind[kind];
        if (id >= all.length) {
            all = Arrays.copyOf(all, Math.max(id + 1, 2 * all.length));
            byKind[kind] = all;
        }
        Lines ls = all[id];
        if (ls == null || ls.handle != handle) {
            ls = new Lines(handle);
            all[id] = ls;
        }
        Line l;
        if (ls.count == KEEP) {
            Line old = lines[ls.numbers[KEEP - 1]];
            l = new Line(kind, handle, a, b, c, n0, n1, head, bytes, split, old.number);
            l.start = old.start;
            l.room = old.room;
            System.arraycopy(ls.numbers, 0, ls.numbers, 1, KEEP - 1);
            System.arraycopy(ls.textHashes, 0, ls.textHashes, 1, KEEP - 1);
        } else {
            if (count == lines.length) {
                lines = Arrays.copyOf(lines, 2 * count);
            }
            l = new Line(kind, handle, a, b, c, n0, n1, head, bytes, split, count++);
            System.arraycopy(ls.numbers, 0, ls.numbers, 1, ls.count);
            System.arraycopy(ls.textHashes, 0, ls.textHashes, 1, ls.count);
            ls.count++;
        }
        lines[l.number] = l;
        ls.numbers[0] = l.number;
        ls.textHashes[0] = l.textHash;
        follow = l.loggedAt;
        logged(l);
    }
}
