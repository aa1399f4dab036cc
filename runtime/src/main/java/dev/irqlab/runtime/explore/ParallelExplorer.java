package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An exploration (or one shard {@code i/N} of it) on the cores of one machine: {@code T} threads
 * each explore the sub-shard {@code i + N*t} of {@code N*T} — together exactly shard {@code i/N},
 * since a subtree's hash is {@code i} modulo {@code N} exactly when it is {@code i + N*t} modulo
 * {@code N*T} for some {@code t} — and their results merge into shard {@code i/N}'s. Every run stays
 * on one thread; the threads share only the parsed scenario and the plugin registry, both read-only.
 */
public final class ParallelExplorer {

    private final ScenarioRunner runner;
    private final int threads;

    public ParallelExplorer(ScenarioRunner runner, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread, got " + threads);
        }
        this.runner = runner;
        this.threads = threads;
    }

    public ExploreResult explore(Scenario s, ExploreSettings st, Explorer.Progress progress) {
        if (threads == 1) {
            return new Explorer(runner).explore(s, st, progress);
        }
        long[][] counts = new long[threads][3];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ExploreResult>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int slot = t;
                ExploreSettings sub = st.shard(st.shardIndex() + st.shardCount() * t, st.shardCount() * threads);
                parts.add(pool.submit(() -> new Explorer(runner).explore(s, sub, (n, runs, bad) -> {
                    synchronized (counts) {
                        counts[slot][0] = n;
                        counts[slot][1] = runs;
                        counts[slot][2] = bad;
                        if (progress != null) {
                            long[] sum = new long[3];
                            for (long[] c : counts) {
                                sum[0] += c[0];
                                sum[1] += c[1];
                                sum[2] += c[2];
                            }
                            progress.schedule(sum[0], sum[1], sum[2]);
                        }
                    }
                })));
            }
            List<ExploreResult> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ExploreResult r = parts.get(t).get();
                results.add(relabel(r, t, threads));
            }
            return relabel(ExploreResult.merge(results), st.shardIndex(), st.shardCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("exploration interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExploreResult relabel(ExploreResult r, int index, int count) {
        return new ExploreResult(r.scenario(), r.settings(), index, count, r.schedules(), r.runs(), r.blocked(),
                r.endStates(), r.choicePoints(), r.longestRun(), r.exhaustive(), r.boundsCut(), r.violating(),
                r.counterexample());
    }
}
