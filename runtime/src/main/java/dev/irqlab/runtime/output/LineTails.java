package dev.irqlab.runtime.output;

/**
 * The encoded lines of one writer's JSON lines, keyed by the line's type and its arguments: a line is
 * its type's opening, the time and, when the same arguments came before, one copy of the bytes that
 * followed the time then ({@code ,"component":...}), newline included. A round trip's trace is a few
 * hundred distinct lines written again and again, in the same order, with a new time, so nearly every
 * line is one copy of its whole line as last written with a time of as many digits, and the time's
 * digits written over it ({@link JsonBytes#line}).
 *
 * <p>A key is a kind (one per line shape), up to six strings (compared by identity, then by
 * contents: a model may build an equal string per event) and two numbers. A tail may have a hole at
 * {@link Tail#split}: the caller writes there what is not part of the key (a counter's values).
 *
 * <p>Each tail remembers the two that followed it last (a round trip's lines alternate between a few
 * orders), and those are tried first, the last one by identity of its strings alone; otherwise the
 * key is looked up in a table of {@link #BUCKETS} buckets of {@link #WAYS} entries. An entry is filled or taken over only by a key that missed its bucket before,
 * among the last {@link #WAYS} keys that did, and only when the entry was not used since the last
 * miss, so a line built new for each event (a "data event 17" cause) is encoded member by member as
 * before and pushes out no constant line. The tables never change what is written, only how fast.
 */
final class LineTails {

    static final int BUCKETS = 256;
    static final int WAYS = 4;
    private static final int BUCKET_SHIFT = 32 - Integer.numberOfTrailingZeros(BUCKETS);

    /** A key, the bytes of its line, and the line as last written whole. */
    static final class Tail {
        private final int hash;
        private final int kind;
        private final String a;
        private final String b;
        private final String c;
        private final String d;
        private final String e;
        private final String f;
        private final long n0;
        private final long n1;
        /** The line's opening, up to the time. */
        final byte[] head;
        /** {@code ,"component":...}: what follows the time, up to and with the newline. */
        final byte[] bytes;
        /** Where the caller's part goes in {@link #bytes}. */
        final int split;
        /** The whole line with a time of {@link #timeLength} digits (which digits: any). */
        byte[] line;
        int timeLength = -1;
        /** Whether it was used since the last miss in its bucket: such an entry stays. */
        private boolean used;
        /** The tail that followed it last, and the one before that. */
        private Tail next;
        private Tail other;

        private Tail(int hash, int kind, String a, String b, String c, String d, String e, String f,
                long n0, long n1, byte[] head, byte[] bytes, int split) {
            this.hash = hash;
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
            this.e = e;
            this.f = f;
            this.n0 = n0;
            this.n1 = n1;
            this.head = head;
            this.bytes = bytes;
            this.split = split;
        }

        /**
         * Whether this is the key, its strings the same objects: the test of the predicted tail, kept
         * small (the models pass the same objects; an equal string that is another object is found by
         * {@link #lookUp}).
         */
        @SuppressWarnings("ReferenceEquality")
        private boolean isSame(int kind, String a, String b, String c, String d, String e, String f, long n0,
                long n1) {
            return this.kind == kind && this.a == a && this.b == b && this.c == c && this.d == d && this.e == e
                && this.f == f && this.n0 == n0 && this.n1 == n1;
        }

        private boolean is(int kind, String a, String b, String c, String d, String e, String f, long n0,
                long n1) {
            return this.kind == kind && this.n0 == n0 && this.n1 == n1 && same(this.a, a) && same(this.b, b)
                && same(this.c, c) && same(this.d, d) && same(this.e, e) && same(this.f, f);
        }
    }

    private final Tail[] table = new Tail[BUCKETS * WAYS];
    /** The hashes of the last {@link #WAYS} keys that missed each bucket, and where the next one goes. */
    private final int[] recentMisses = new int[BUCKETS * WAYS];
    private final byte[] nextMiss = new byte[BUCKETS];
    /** The tail of the last line that came from the table (a line encoded member by member leaves it). */
    private Tail last;
    /** The key {@link #find} last missed, for {@link #admit} and {@link #keep}. */
    private int missHash;
    private int missKind;
    private String missA;
    private String missB;
    private String missC;
    private String missD;
    private String missE;
    private String missF;
    private long missN0;
    private long missN1;

    /**
     * The tail of this key, or null; after a miss, {@link #admit} says whether the tail the caller then
     * encodes is to be kept.
     */
    Tail find(int kind, String a, String b, String c, String d, String e, String f, long n0, long n1) {
        Tail before = last;
        if (before != null) {
            Tail t = before.next;
            if (t != null && t.isSame(kind, a, b, c, d, e, f, n0, n1)) {
                t.used = true;
                last = t;
                return t;
            }
        }
        return lookUp(kind, a, b, c, d, e, f, n0, n1);
    }

    /**
     * {@link #find} when the line that followed the last one last time is not this one (or an equal
     * string is another object): the two that followed the last line, then the table of keys.
     */
    private Tail lookUp(int kind, String a, String b, String c, String d, String e, String f, long n0,
            long n1) {
        Tail before = last;
        if (before != null) {
            Tail t = before.next;
            if (t != null && t.is(kind, a, b, c, d, e, f, n0, n1)) {
                t.used = true;
                followed(t);
                return t;
            }
            t = before.other;
            if (t != null && t.is(kind, a, b, c, d, e, f, n0, n1)) {
                t.used = true;
                followed(t);
                return t;
            }
        }
        int h = hash(kind, a, b, c, d, e, f, n0, n1);
        int first = bucket(h) * WAYS;
        for (int x = first; x < first + WAYS; x++) {
            Tail t = table[x];
            if (t != null && t.hash == h && t.is(kind, a, b, c, d, e, f, n0, n1)) {
                t.used = true;
                followed(t);
                return t;
            }
        }
        missHash = h;
        missKind = kind;
        missA = a;
        missB = b;
        missC = c;
        missD = d;
        missE = e;
        missF = f;
        missN0 = n0;
        missN1 = n1;
        return null;
    }

    /**
     * {@code t} is the tail of this line: it followed the last one (kept most recent first), and the
     * next line is tried after it.
     */
    private void followed(Tail t) {
        Tail before = last;
        if (before != null && before.next != t) {
            before.other = before.next;
            before.next = t;
        }
        last = t;
    }

    /**
     * The entry that takes the key {@link #find} missed last, or -1: an empty one, else one not used
     * since the last miss in its bucket, if the key missed it before, among the last {@link #WAYS} keys
     * that did.
     */
    int admit() {
        int h = missHash;
        int bucket = bucket(h);
        int first = bucket * WAYS;
        boolean again = false;
        for (int x = first; x < first + WAYS && !again; x++) {
            again = recentMisses[x] == h;
        }
        int take = -1;
        for (int x = first; x < first + WAYS; x++) {
            Tail t = table[x];
            if (again && (take < 0 || table[take] != null) && (t == null || !t.used)) {
                take = x;
            }
            if (t != null) {
                t.used = false;
            }
        }
        if (take < 0 && !again) {
            recentMisses[first + nextMiss[bucket]] = h;
            nextMiss[bucket] = (byte) ((nextMiss[bucket] + 1) % WAYS);
        }
        return take;
    }

    /**
     * Entry {@code x} (from {@link #admit}) holds the key missed last, the opening of its line, the
     * bytes of its tail and where the caller's part goes in them. A tail it pushes out is no longer
     * found, also not as the one after another.
     */
    void keep(int x, byte[] head, byte[] bytes, int split) {
        Tail t = new Tail(missHash, missKind, missA, missB, missC, missD, missE, missF, missN0, missN1, head,
            bytes, split);
        Tail old = table[x];
        if (old != null) {
            for (Tail any : table) {
                if (any != null && any.next == old) {
                    any.next = null;
                }
                if (any != null && any.other == old) {
                    any.other = null;
                }
            }
            if (last == old) {
                last = null;
            }
        }
        t.used = true;
        table[x] = t;
        followed(t);
    }

    private static int hash(int kind, String a, String b, String c, String d, String e, String f, long n0,
            long n1) {
        int h = kind;
        h = 31 * h + hash(a);
        h = 31 * h + hash(b);
        h = 31 * h + hash(c);
        h = 31 * h + hash(d);
        h = 31 * h + hash(e);
        h = 31 * h + hash(f);
        h = 31 * h + Long.hashCode(n0);
        return 31 * h + Long.hashCode(n1);
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    @SuppressWarnings("ReferenceEquality") // identity first: the models pass the same String objects
    private static boolean same(String held, String given) {
        return held == given || (held != null && held.equals(given));
    }

    /** The bucket of a key's hash (Fibonacci hashing). */
    static int bucket(int hash) {
        return (hash * 0x9E3779B9) >>> BUCKET_SHIFT;
    }
}
