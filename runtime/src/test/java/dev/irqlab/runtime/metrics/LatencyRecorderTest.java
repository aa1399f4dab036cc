package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The summary is the one an auto-resizing HdrHistogram of 3 significant digits gives for the same
 * samples (its median and 99th percentile clamped to the exact min and max), whether the samples are
 * kept as they are or went into the histogram.
 */
class LatencyRecorderTest {

    /** What the recorder reported before it kept samples: every sample in the histogram. */
    private static LatencySummary histogramSummary(long[] values) {
        Histogram h = new Histogram(3);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            h.recordValue(v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new LatencySummary(values.length, min, Math.max(min, Math.min(max, h.getValueAtPercentile(50.0))),
            Math.max(min, Math.min(max, h.getValueAtPercentile(99.0))), max);
    }

    private static LatencySummary recorded(long[] values) {
        LatencyRecorder r = new LatencyRecorder();
        for (long v : values) {
            r.record(v);
        }
        return r.summary().orElseThrow();
    }

    /** A value's bucket as the recorder finds it: its highest and lowest value and its counts index. */
    private static void assertSameBucket(Histogram h, long v) {
        assertEquals(h.highestEquivalentValue(v), LatencyRecorder.highestEquivalentValue(v), "value " + v);
        int index = LatencyRecorder.countsIndex(v);
        assertEquals(h.lowestEquivalentValue(v), LatencyRecorder.valueFromIndex(index), "value " + v);
        assertEquals(index, LatencyRecorder.countsIndex(h.highestEquivalentValue(v)), "value " + v);
    }

    @Test
    void theBucketsOfAValueAreTheHistograms() {
        Histogram h = new Histogram(3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            assertSameBucket(h, random.nextLong(1L << random.nextInt(1, 62)));
        }
        for (long v = 0; v < 10_000; v++) {
            assertSameBucket(h, v);
        }
    }

    @Test
    void countedSamplesOverManyMagnitudesGiveTheHistogramsSummary() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            long[] values = new long[LatencyRecorder.KEPT + 1 + random.nextInt(5_000)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextLong(1L << random.nextInt(1, 45));
            }
            assertEquals(histogramSummary(values), recorded(values), "round " + round);
        }
    }

    @Test
    void keptSamplesGiveTheHistogramsSummary() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 3_000; round++) {
            int n = 1 + random.nextInt(round < 2_000 ? 40 : LatencyRecorder.KEPT);
            long scale = 1L << random.nextInt(1, 40);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(8) == 0 ? values[random.nextInt(i + 1)] : random.nextLong(scale);
            }
            assertEquals(histogramSummary(values), recorded(values), "round " + round + ", " + n + " samples");
        }
    }

    @Test
    void pastTheKeptSamplesTheHistogramTakesOver() {
        SplittableRandom random = new SplittableRandom(3);
        long[] values = new long[3 * LatencyRecorder.KEPT + 17];
        for (int i = 0; i < values.length; i++) {
            values[i] = 150_000 + random.nextLong(5_000_000);
        }
        assertEquals(histogramSummary(values), recorded(values));
    }

    @Test
    void aSummaryCanBeReadTwiceAndRecordingGoesOn() {
        LatencyRecorder r = new LatencyRecorder();
        assertEquals(Optional.empty(), r.summary());
        long[] values = {900_000, 5, 250_000, 250_001, 3_000};
        for (long v : values) {
            r.record(v);
        }
        LatencySummary first = r.summary().orElseThrow();
        assertEquals(first, r.summary().orElseThrow());
        assertEquals(histogramSummary(values), first);
        r.record(7);
        assertEquals(histogramSummary(new long[] {900_000, 5, 250_000, 250_001, 3_000, 7}), r.summary().orElseThrow());
        assertEquals(5, first.samples());
    }

    @Test
    void aNegativeLatencyIsRefused() {
        assertThrows(IllegalStateException.class, () -> new LatencyRecorder().record(-1));
    }
}
