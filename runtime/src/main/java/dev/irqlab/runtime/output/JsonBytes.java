package dev.irqlab.runtime.output;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text encoded straight to UTF-8 bytes in a growable buffer, for writers that emit many small
 * values (the JSON Lines trace). Strings of printable ASCII without {@code "} or {@code \} (every name
 * the models use) are copied byte by byte; any other string goes through {@link Json#quote}, so the
 * escaping rules and the bytes are exactly those of {@link JsonWriter} over a UTF-8 writer.
 *
 * <p>A trace passes the same few hundred string objects (component names, subjects, field names,
 * causes: constants, or built once per interrupt) hundreds of times per device event, and encoding
 * them one char at a time was half of the JSON Lines writer's CPU. So a {@link Member} keeps, for the
 * values it has been given, the bytes of the whole member ({@code ,"name":"value"}), and they are
 * copied in one go when the same value comes again ({@link #member}).
 */
final class JsonBytes {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** 10^i for i = 0..18: digit counts without division. */
    private static final long[] POW10 = new long[19];
    /** The two ASCII digits of 0..99, tens then ones. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];
    /** Eight bytes of a byte array at once, in memory order. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.nativeOrder());

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf;
    private int pos;
    /** The last value given to {@link #repeatedNumber} and its digits. */
    private long lastNumber;
    private final byte[] lastDigits = new byte[20];
    private int lastDigitCount;
    /** Its first and its last eight digits as longs (when it has eight to sixteen), for {@link #line}. */
    private long lastDigitsFirst;
    private long lastDigitsLast;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
        makeTimeDigits(0);
    }

    /** The number of bytes held. */
    int size() {
        return pos;
    }

    /** Bytes already in JSON syntax (pre-encoded names, punctuation). */
    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    /** {@code bytes[from..to)}, already in JSON syntax. */
    JsonBytes raw(byte[] bytes, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(bytes, from, buf, pos, n);
        pos += n;
        return this;
    }

    /**
     * The digits of {@code time} (as {@link #repeatedNumber} writes them) made ready for {@link #line};
     * returns how many.
     */
    int timeDigits(long time) {
        if (time != lastNumber) {
            makeTimeDigits(time);
        }
        return lastDigitCount;
    }

    /**
     * A kept line: {@code src[start..start+len)}, a whole line whose time at {@code timeAt} has as many
     * digits as the last {@link #timeDigits}, copied in one piece, with those digits over the ones it
     * held. One check for room.
     */
    JsonBytes line(byte[] src, int start, int len, int timeAt) {
        int p = pos;
        if (p + len > buf.length) {
            grow(len);
        }
        byte[] b = buf;
        System.arraycopy(src, start, b, p, len);
        int n = lastDigitCount;
        if (n >= Long.BYTES && n <= 2 * Long.BYTES) {
            int at = p + timeAt;
            LONGS.set(b, at, lastDigitsFirst);
            LONGS.set(b, at + n - Long.BYTES, lastDigitsLast);
        } else {
            System.arraycopy(lastDigits, 0, b, p + timeAt, n);
        }
        pos = p + len;
        return this;
    }

    /** A copy of the bytes held at {@code [from..to)}. */
    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    /** A copy of the bytes held at {@code [from..to)} followed by those at {@code [from2..to2)}. */
    byte[] copy(int from, int to, int from2, int to2) {
        byte[] b = Arrays.copyOf(copy(from, to), to - from + to2 - from2);
        System.arraycopy(buf, from2, b, to - from, to2 - from2);
        return b;
    }

    JsonBytes raw(char asciiChar) {
        ensure(1);
        buf[pos++] = (byte) asciiChar;
        return this;
    }

    /** A decimal integer, as {@link Long#toString(long)} writes it. */
    JsonBytes number(long v) {
        if (v == Long.MIN_VALUE) {
            return raw(MIN_LONG);
        }
        ensure(20);
        pos += decimal(v, buf, pos);
        return this;
    }

    /** {@code v} (not {@link Long#MIN_VALUE}) in decimal into {@code b} at {@code at}; returns how many bytes. */
    private static int decimal(long v, byte[] b, int at) {
        int start = at;
        if (v < 0) {
            b[at++] = '-';
            v = -v;
        }
        int end = at + digits(v);
        int p = end;
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            b[--p] = ONES[r];
            b[--p] = TENS[r];
            v = q;
        }
        int r = (int) v;
        b[--p] = ONES[r];
        if (r >= 10) {
            b[--p] = TENS[r];
        }
        return end - start;
    }

    /** {@link Long#MIN_VALUE}'s digits into {@code b}; returns how many. */
    private static int copyMinLong(byte[] b) {
        System.arraycopy(MIN_LONG, 0, b, 0, MIN_LONG.length);
        return MIN_LONG.length;
    }

    /**
     * {@link #number}, for a value that is often the same as the last one given here (a trace's time:
     * many events happen at one instant): then its digits are copied, not computed again.
     */
    JsonBytes repeatedNumber(long v) {
        return raw(lastDigits, 0, timeDigits(v));
    }

    /** Makes {@link #lastDigits} those of {@code v}, now the last value given. */
    private void makeTimeDigits(long v) {
        int n = v == Long.MIN_VALUE ? copyMinLong(lastDigits) : decimal(v, lastDigits, 0);
        lastNumber = v;
        lastDigitCount = n;
        if (n >= Long.BYTES && n <= 2 * Long.BYTES) {
            lastDigitsFirst = (long) LONGS.get(lastDigits, 0);
            lastDigitsLast = (long) LONGS.get(lastDigits, n - Long.BYTES);
        }
    }

    /** The number of decimal digits of {@code v >= 0}: log2 scaled by log10(2) ~ 1233/4096, then one check. */
    private static int digits(long v) {
        int t = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
        return t < POW10.length && v >= POW10[t] ? t + 1 : Math.max(t, 1);
    }

    /** {@code s} as a quoted JSON string, or {@code null}. */
    JsonBytes string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int n = s.length();
        ensure(n + 2);
        int p = pos;
        buf[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return raw(Json.quote(s).getBytes(StandardCharsets.UTF_8));
            }
            buf[p++] = (byte) c;
        }
        buf[p++] = '"';
        pos = p;
        return this;
    }

    /**
     * A member that is not the first of its object, {@code ,"name":value} with {@code value} as
     * {@link #string} writes it; from {@code member}'s table when it holds that value.
     */
    JsonBytes member(Member member, String value) {
        byte[] bytes = member.find(value);
        if (bytes != null) {
            return raw(bytes);
        }
        int start = pos;
        raw(member.name).string(value);
        member.missed(value, buf, start, pos);
        return this;
    }

    /** Writes the bytes held to {@code out} and empties the buffer. */
    void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            grow(more);
        }
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }

    /**
     * A member name of one writer and the encoded bytes of the values it has had: a table of
     * {@link #BUCKETS} buckets of {@link #WAYS} entries, keyed by the value's identity (the same
     * object), or its equal contents (a model may build an equal string per event). An entry is filled or
     * taken over only by a value that missed its bucket before, among the last {@link #WAYS} values that
     * did, and only when the entry was not used since the last miss, so a value built new for each
     * event (a "data event 17" detail) is encoded as before and pushes out no constant, and constants
     * that share a bucket do not evict each other in turn. The table never changes what is written,
     * only how fast.
     */
    static final class Member {

        static final int BUCKETS = 64;
        static final int WAYS = 4;

        /** {@code ,"name":}. */
        final byte[] name;
        // The table, made at the first miss: a writer has a member per field name of every event type,
        // and a short run's writer uses few of them (a writer is made per run).
        private String[] values;
        /** Each entry's value's hash: a value is compared by its text only with an entry of its hash. */
        private int[] hashes;
        private byte[][] encoded;
        /** Whether each entry was used since the last miss in its bucket: such an entry stays. */
        private boolean[] used;
        /** The last {@link #WAYS} values that missed each bucket, and where the next one goes. */
        private String[] recentMisses;
        private int[] recentMissHashes;
        private byte[] nextMiss;

        Member(String name) {
            this.name = ("," + Json.quote(name) + ":").getBytes(StandardCharsets.UTF_8);
        }

        /** The bucket of a value of hash {@code hash} (a power-of-two table: Fibonacci hashing). */
        static int bucket(int hash) {
            return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(BUCKETS));
        }

        /** The bytes of {@code ,"name":value}, if the table holds them. */
        @SuppressWarnings("ReferenceEquality") // identity first: the models pass the same String objects
        byte[] find(String value) {
            if (value == null || values == null) {
                return null;
            }
            int hash = value.hashCode();
            int first = bucket(hash) * WAYS;
            for (int e = first; e < first + WAYS; e++) {
                if (values[e] == value) {
                    used[e] = true;
                    return encoded[e];
                }
            }
            for (int e = first; e < first + WAYS; e++) {
                if (hashes[e] == hash && value.equals(values[e])) {
                    used[e] = true;
                    return encoded[e];
                }
            }
            return null;
        }

        /**
         * {@code value}, not found, was encoded as {@code bytes[from..to)}: kept if it missed this
         * bucket before, among the last {@link #WAYS} values that did, in an entry not used since.
         */
        void missed(String value, byte[] bytes, int from, int to) {
            if (value == null) {
                return;
            }
            if (values == null) {
                values = new String[BUCKETS * WAYS];
                hashes = new int[BUCKETS * WAYS];
                recentMissHashes = new int[BUCKETS * WAYS];
                encoded = new byte[BUCKETS * WAYS][];
                used = new boolean[BUCKETS * WAYS];
                recentMisses = new String[BUCKETS * WAYS];
                nextMiss = new byte[BUCKETS];
            }
            int hash = value.hashCode();
            int bucket = bucket(hash);
            int first = bucket * WAYS;
            boolean again = false;
            for (int e = first; e < first + WAYS && !again; e++) {
                again = recentMissHashes[e] == hash && value.equals(recentMisses[e]);
            }
            int take = -1;
            for (int e = first; e < first + WAYS; e++) {
                if (take < 0 && again && (values[e] == null || !used[e])) {
                    take = e;
                }
                used[e] = false;
            }
            if (take >= 0) {
                values[take] = value;
                hashes[take] = hash;
                encoded[take] = Arrays.copyOfRange(bytes, from, to);
                for (int e = first; e < first + WAYS; e++) {
                    if (recentMissHashes[e] == hash && value.equals(recentMisses[e])) {
                        recentMisses[e] = null;
                    }
                }
            } else if (!again) {
                recentMisses[first + nextMiss[bucket]] = value;
                recentMissHashes[first + nextMiss[bucket]] = hash;
                nextMiss[bucket] = (byte) ((nextMiss[bucket] + 1) % WAYS);
            }
        }
    }
}
