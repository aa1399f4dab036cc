package dev.irqlab.runtime.explore;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One dispatched event's footprint as the recorder collects it ({@link Footprints#touch}): the
 * names it touched, each once. An event touches a handful — its actor, the components it traced, the
 * actors it queued work for — and every trace call touches again, so the names are kept in an array
 * and looked for by identity first (the models pass the same few strings), which costs less than a
 * hash set's table and entries per event; past {@value #SMALL} names it becomes a hash set.
 *
 * <p>An event that queues work for an actor at an instant touches the name
 * {@code "queue <actor>@<time>"} ({@link #addQueue}). Most events queue one or more, and only two
 * footprints that hold the same such name ever look at it, so it is kept as its parts (the actor's
 * name and the time) and the text is built only when the set is read name by name (iterated, or
 * asked whether it holds a text that starts with {@code "queue "}). As a set it is the same either
 * way: the same size, members, equality and hash code.
 */
final class Footprint extends AbstractSet<String> {

    /** Names (texts and queued parts together) kept in the arrays at most. */
    private static final int SMALL = 16;

    private static final String QUEUE = "queue ";

    private String[] names = new String[4];
    private int size;
    /** The queued names' actors and times ({@link #addQueue}), {@code queued} of them. */
    private String[] queueActors;
    private long[] queueTimes;
    private int queued;
    /** Whether a text name starts with {@code "queue "}: it may equal a queued name's text. */
    private boolean queueTexts;
    /** All the names, once there are more than {@link #SMALL}; null until then. */
    private Set<String> large;

    Footprint(String first) {
        names[0] = first;
        size = 1;
        queueTexts = first.startsWith(QUEUE);
    }

    /** The text of the name {@link #addQueue} keeps as parts. */
    static String queueName(String actor, long timeNs) {
        return QUEUE + actor + "@" + timeNs;
    }

    @Override
    public boolean add(String name) {
        if (large != null) {
            return large.add(name);
        }
        if (indexOf(name) >= 0) {
            return false;
        }
        boolean queueText = name.startsWith(QUEUE);
        if (queueText && queuedIndexOf(name) >= 0) {
            return false;
        }
        if (size + queued == SMALL) {
            grow().add(name);
            return true;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, 2 * size);
        }
        names[size++] = name;
        queueTexts |= queueText;
        return true;
    }

    /** Adds {@link #queueName}{@code (actor, timeNs)} without building its text. */
    boolean addQueue(String actor, long timeNs) {
        if (large != null) {
            return large.add(queueName(actor, timeNs));
        }
        for (int i = 0; i < queued; i++) {
            if (queueTimes[i] == timeNs && sameName(queueActors[i], actor)) {
                return false;
            }
        }
        if (queueTexts && indexOf(queueName(actor, timeNs)) >= 0) {
            return false;
        }
        if (size + queued == SMALL) {
            grow().add(queueName(actor, timeNs));
            return true;
        }
        if (queueActors == null) {
            queueActors = new String[4];
            queueTimes = new long[4];
        } else if (queued == queueActors.length) {
            queueActors = Arrays.copyOf(queueActors, 2 * queued);
            queueTimes = Arrays.copyOf(queueTimes, 2 * queued);
        }
        queueActors[queued] = actor;
        queueTimes[queued++] = timeNs;
        return true;
    }

    /** Moves every name into {@link #large}, the queued ones as their texts. */
    private Set<String> grow() {
        Set<String> all = new HashSet<>(this);
        large = all;
        names = null;
        queueActors = null;
        queueTimes = null;
        size = 0;
        queued = 0;
        return all;
    }

    @SuppressWarnings("ReferenceEquality") // the same string object first: the models pass the same few
    private static boolean sameName(String a, String b) {
        return a == b || a.equals(b);
    }

    @SuppressWarnings("ReferenceEquality") // the same string object first: the models pass the same few
    private int indexOf(Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The queued name whose text is {@code text}, or -1. */
    private int queuedIndexOf(String text) {
        for (int i = 0; i < queued; i++) {
            if (isQueueName(text, queueActors[i], queueTimes[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code text} is {@link #queueName}{@code (actor, timeNs)}, without building that. */
    private static boolean isQueueName(String text, String actor, long timeNs) {
        int at = QUEUE.length() + actor.length();
        return text.length() > at + 1 && text.startsWith(QUEUE) && text.startsWith(actor, QUEUE.length())
                && text.charAt(at) == '@' && isDecimal(text, at + 1, timeNs);
    }

    /** Whether {@code text} from {@code from} on is {@code value} in decimal, as {@link Long#toString(long)} writes it. */
    private static boolean isDecimal(String text, int from, long value) {
        if (value < 0) {
            return text.substring(from).equals(Long.toString(value));
        }
        int end = text.length();
        long v = value;
        do {
            if (end == from || text.charAt(--end) != (char) ('0' + v % 10)) {
                return false;
            }
            v /= 10;
        } while (v != 0);
        return end == from;
    }

    @Override
    public boolean contains(Object o) {
        if (large != null) {
            return large.contains(o);
        }
        return indexOf(o) >= 0 || (o instanceof String s && s.startsWith(QUEUE) && queuedIndexOf(s) >= 0);
    }

    /**
     * Whether the two footprints share a name ({@link Explorer#dependent}), comparing queued names by
     * their parts.
     */
    boolean meets(Footprint other) {
        if (large != null || other.large != null) {
            return large != null ? Explorer.anyIn(other, large) : Explorer.anyIn(this, other.large);
        }
        for (int i = 0; i < size; i++) {
            if (other.indexOf(names[i]) >= 0) {
                return true;
            }
        }
        for (int i = 0; i < queued; i++) {
            for (int k = 0; k < other.queued; k++) {
                if (queueTimes[i] == other.queueTimes[k] && sameName(queueActors[i], other.queueActors[k])) {
                    return true;
                }
            }
        }
        return (queueTexts && queued(other)) || (other.queueTexts && other.queued(this));
    }

    /** Whether one of this footprint's text names is one of {@code other}'s queued names. */
    private boolean queued(Footprint other) {
        for (int i = 0; i < size; i++) {
            if (names[i].startsWith(QUEUE) && other.queuedIndexOf(names[i]) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size + queued;
    }

    @Override
    public Iterator<String> iterator() {
        if (large != null) {
            return Collections.unmodifiableSet(large).iterator();
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size + queued;
            }

            @Override
            public String next() {
                if (next >= size + queued) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return i < size ? names[i] : queueName(queueActors[i - size], queueTimes[i - size]);
            }
        };
    }
}
