package dev.irqlab.runtime.metrics;

import java.util.Arrays;
import java.util.Optional;

/**
 * Latency samples in bounded memory: exact min and max, and the median and 99th percentile an
 * auto-resizing HdrHistogram with 3 significant digits reports.
 *
 * <p>Up to {@link #KEPT} samples are kept as they are and the percentiles computed from them as the
 * histogram computes them (the sample at the percentile's rank, reported as the highest value of its
 * bucket): a run of a few events per device then neither allocates nor walks a histogram's
 * thousands of buckets per device (a burst of many devices). Past that each sample is counted in
 * its bucket of the histogram's layout, an array increment ({@code AbstractHistogram.recordValue}
 * does several calls and checks per sample), in an array grown bucket by bucket as the values need;
 * a summary reads the percentiles from those counts as the histogram reads its own, so it reports
 * what the histogram would have with every sample recorded.
 */
final class LatencyRecorder {

    /** Samples kept as they are before they are counted by bucket. */
    static final int KEPT = 1024;
    /**
     * Room for this many samples at first: a short run's device (20 events) or a burst's (10) records
     * them all without a copy to a larger array.
     */
    static final int INITIAL = 32;
    /**
     * The bucket layout of a histogram of 3 significant digits with the lowest
     * discernible value 1: sub-buckets of 2048 ({@code subBucketMask}), {@code leadingZeroCountBase}
     * 64 - 0 - 10 - 1.
     */
    private static final long SUB_BUCKET_MASK = 2047;
    private static final int LEADING_ZERO_COUNT_BASE = 53;
    /** {@code subBucketHalfCountMagnitude} and {@code subBucketHalfCount} of that layout. */
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;
    private static final int SUB_BUCKET_HALF_COUNT = 1024;

    private long[] samples = new long[INITIAL];
    private int kept;
    /** Past {@link #KEPT} samples: the count per bucket, by the histogram's counts index; else null. */
    private long[] counts;
    private long counted;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void record(long ns) {
        if (ns < 0) {
            throw new IllegalStateException("negative latency " + ns + " ns: trace events out of time order");
        }
        if (counts != null) {
            count(ns);
        } else if (kept < KEPT) {
            if (kept == samples.length) {
                samples = Arrays.copyOf(samples, 2 * kept);
            }
            samples[kept++] = ns;
        } else {
            counts = new long[countsIndex(SUB_BUCKET_MASK) + 1];
            for (int i = 0; i < kept; i++) {
                count(samples[i]);
            }
            count(ns);
            samples = null;
        }
        min = Math.min(min, ns);
        max = Math.max(max, ns);
    }

    private void count(long ns) {
        int i = countsIndex(ns);
        if (i >= counts.length) {
            counts = Arrays.copyOf(counts, (i | (SUB_BUCKET_HALF_COUNT - 1)) + 1); // up to the end of i's bucket
        }
        counts[i]++;
        counted++;
    }

    Optional<LatencySummary> summary() {
        long n = counts != null ? counted : kept;
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(new LatencySummary(n, min, clamp(valueAtPercentile(50.0)), clamp(valueAtPercentile(99.0)),
            max));
    }

    /**
     * {@code AbstractHistogram.getValueAtPercentile} (HdrHistogram 2.2.2; {@code percentile} above 0)
     * over the kept samples or the counts: the rank {@code max(1, ceil(p' * n / 100))} with p' the
     * percentile just below {@code percentile}, and of the sample at that rank (the bucket whose
     * running count reaches it) the highest value its bucket holds.
     */
    private long valueAtPercentile(double percentile) {
        double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0), 100.0);
        if (counts != null) {
            long rank = Math.max((long) Math.ceil(requested * counted / 100.0), 1);
            long upTo = 0;
            for (int i = 0; i < counts.length; i++) {
                upTo += counts[i];
                if (upTo >= rank) {
                    return highestEquivalentValue(valueFromIndex(i));
                }
            }
            return 0;
        }
        Arrays.sort(samples, 0, kept);
        long rank = Math.max((long) Math.ceil(requested * kept / 100.0), 1);
        return highestEquivalentValue(samples[(int) rank - 1]);
    }

    /** {@code AbstractHistogram.countsArrayIndex} for the layout above (unit magnitude 0). */
    static int countsIndex(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
    }

    /** {@code AbstractHistogram.valueFromIndex}: the lowest value of the bucket at a counts index. */
    static long valueFromIndex(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            subBucket -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return (long) subBucket << bucket;
    }

    /** {@code AbstractHistogram.highestEquivalentValue} for the layout above. */
    static long highestEquivalentValue(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        long lowest = (value >>> bucket) << bucket;
        return lowest + (1L << bucket) - 1;
    }

    /** The histogram reports a bucket's highest equivalent value, which may lie past the exact max. */
    private long clamp(long v) {
        return Math.max(min, Math.min(max, v));
    }
}
