package dev.irqlab.runtime.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The round trips a report shows in full, {@code from} to {@code to} (numbered from 1, both
 * included, at most {@link #MAX}): {@code irqlab run --html-trips FROM-TO}.
 */
public record RoundTripWindow(int from, int to) {

    /** The most round trips one window shows. */
    public static final int MAX = 100;

    /** The first {@link RoundTrips#FIRST} round trips. */
    public static final RoundTripWindow DEFAULT = new RoundTripWindow(1, RoundTrips.FIRST);
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");

    public RoundTripWindow {
        if (from < 1 || to < from || to - from >= MAX) {
            throw new IllegalArgumentException(allowed());
        }
    }

    /**
     * {@code FROM-TO} or {@code N} (that round trip alone).
     *
     * @throws IllegalArgumentException naming what was found and what is allowed
     */
    public static RoundTripWindow parse(String text) {
        Matcher m = FORM.matcher(text);
        try {
            if (m.matches()) {
                int from = Integer.parseInt(m.group(1));
                return new RoundTripWindow(from, m.group(2) == null ? from : Integer.parseInt(m.group(2)));
            }
        } catch (IllegalArgumentException e) {
            // out of range: reported below with what was found
        }
        throw new IllegalArgumentException("found '" + text + "', allowed: " + allowed());
    }

    private static String allowed() {
        return "FROM-TO or N, round trips numbered from 1, FROM <= TO < FROM + " + MAX;
    }

    boolean contains(int number) {
        return number >= from && number <= to;
    }

    int size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
