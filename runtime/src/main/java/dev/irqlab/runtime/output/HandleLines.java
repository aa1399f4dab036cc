package dev.irqlab.runtime.output;

import java.util.Arrays;

/**
 * The lines one JSON Lines writer wrote before, by the handle of their fixed part (a
 * {@link dev.irqlab.api.trace.StateKey}, or a {@link dev.irqlab.api.trace.TraceName} in one kind of
 * line): a line is its type's opening, the time and, when the same arguments came before, one copy
 * of the bytes that followed the time then ({@code ,"component":...}), newline included. A round
 * trip's trace is a few hundred distinct lines written again and again, in the same order, with a new
 * time, so nearly every line is one copy of its whole line as last written with a time of as many
 * digits, and the time's digits written over it ({@link JsonBytes#line}).
 *
 * <p>A line is looked for first as one of the two that followed the last line the last times (the
 * round trip's order repeats; a line written twice in a round trip has two successors), then among the last {@link #KEEP} lines of its handle, most recently used
 * first, found in an array indexed by the kind of line and the handle's number (the run's trace
 * numbers the handles). Either way by the identity of the handle and of the line's other strings (a
 * model passes its literals and the strings it built once) and its numbers. A string built anew per
 * event (a "data event 17" cause) misses, is encoded member by member, and its line pushes out the
 * handle's least recently used one. A handle that no trace numbered has no lines kept. The table
 * never changes what is written, only how fast.
 */
final class HandleLines {

    /** Lines kept per handle and kind. */
    static final int KEEP = 6;

    /** A line's key (kind, handle and the rest), its opening, the bytes after its time, and the whole line. */
    static final class Line {
        private final int kind;
        private final Object handle;
        private final String a;
        private final String b;
        private final String c;
        private final long n0;
        private final long n1;
        /** The line's opening, up to the time. */
        final byte[] head;
        /** {@code ,"component":...}: what follows the time, up to and with the newline. */
        final byte[] bytes;
        /** Where the caller's part goes in {@link #bytes} (a counter's values), or 0. */
        final int split;
        /** The whole line with a time of {@link #timeLength} digits (which digits: any). */
        byte[] line;
        int timeLength = -1;
        /** The line that followed this one last, and the one before that. */
        private Line next;
        private Line other;

        private Line(int kind, Object handle, String a, String b, String c, long n0, long n1, byte[] head,
                byte[] bytes, int split) {
            this.kind = kind;
            this.handle = handle;
            this.a = a;
            this.b = b;
            this.c = c;
            this.n0 = n0;
            this.n1 = n1;
            this.head = head;
            this.bytes = bytes;
            this.split = split;
        }

        @SuppressWarnings("ReferenceEquality") // by identity: a string built anew is a new line
        private boolean is(int kind, Object handle, String a, String b, String c, long n0, long n1) {
            return this.handle == handle && this.kind == kind && this.a == a && this.b == b && this.c == c
                && this.n0 == n0 && this.n1 == n1;
        }
    }

    /** The lines of one handle in one kind, most recently used first. */
    private static final class Lines {
        private final Object handle;
        private final Line[] lines = new Line[KEEP];
        private int count;

        private Lines(Object handle) {
            this.handle = handle;
        }
    }

    /** By kind, by handle number. */
    private final Lines[][] byKind;
    /** The last line written from here or kept here. */
    private Line last;

    /** A table for lines of {@code kinds} kinds, numbered from 0. */
    HandleLines(int kinds) {
        byKind = new Lines[kinds][64];
    }

    /** The line of this kind and {@code handle} (numbered {@code id}) with these other parts, or null. */
    Line find(int kind, Object handle, int id, String a, String b, String c, long n0, long n1) {
        Line before = last;
        if (before != null) {
            Line t = before.next;
            if (t != null && t.is(kind, handle, a, b, c, n0, n1)) {
                last = t;
                return t;
            }
            t = before.other;
            if (t != null && t.is(kind, handle, a, b, c, n0, n1)) {
                followed(t);
                return t;
            }
        }
        return lookUp(kind, handle, id, a, b, c, n0, n1);
    }

    /** {@link #find} when the line is not the one that followed the last line last time. */
    @SuppressWarnings("ReferenceEquality") // a handle is its trace's one object for its name
    private Line lookUp(int kind, Object handle, int id, String a, String b, String c, long n0, long n1) {
        Lines[] all = byKind[kind];
        Lines ls = id >= 0 && id < all.length ? all[id] : null;
        if (ls != null && ls.handle == handle) {
            Line[] lines = ls.lines;
            for (int i = 0; i < ls.count; i++) {
                Line l = lines[i];
                if (l.is(kind, handle, a, b, c, n0, n1)) {
                    if (i > 0) {
                        System.arraycopy(lines, 0, lines, 1, i);
                        lines[0] = l;
                    }
                    followed(l);
                    return l;
                }
            }
        }
        return null;
    }

    /**
     * {@code l} is written now: it followed the last line (kept most recent first), and the next is
     * looked for after it.
     */
    private void followed(Line l) {
        Line before = last;
        if (before != null && before.next != l) {
            before.other = before.next;
            before.next = l;
        }
        last = l;
    }

    /**
     * Keeps the line just encoded for {@code handle} (numbered {@code id}; none kept for an
     * unnumbered one), first of its handle's.
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
        int n = Math.min(ls.count, KEEP - 1);
        System.arraycopy(ls.lines, 0, ls.lines, 1, n);
        Line l = new Line(kind, handle, a, b, c, n0, n1, head, bytes, split);
        ls.lines[0] = l;
        ls.count = n + 1;
        followed(l);
    }
}
