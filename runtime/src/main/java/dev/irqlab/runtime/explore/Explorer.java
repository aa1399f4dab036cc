package dev.irqlab.runtime.explore;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.engine.Chooser;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.output.FanOut;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs a scenario under many schedules: a depth-first search over the tree of its choice points
 * (stateless: every schedule is a fresh assembly of the parsed scenario replaying a prefix of
 * picks, then the plain run's picks), checking each run.
 *
 * <p><b>Reduction.</b> With {@link Reduction#DPOR} a node's alternatives are only those the runs
 * below it showed to matter (Flanagan and Godefroid 2005): two events of one instant race when they
 * run on different actors, are not ordered by happens-before (queued by the other, directly or
 * through events of the instant, or on the same actor), and are <em>dependent</em>: their
 * footprints share a component. An event's footprint is observed, not declared: its actor, and the
 * component of every trace event it emitted — each state field it changed ({@code StateChanged}),
 * each flow outcome, handler, exit or message. For a race the other event (or, when it was not yet
 * queued at the earlier choice, every candidate there) becomes a backtrack point. Sound when every
 * read of another component's state that can change an outcome shows in the trace; the models
 * trace every state change, and the checked properties are functions of the trace, but a pure read
 * (a guest driver finding an empty status register) leaves no trace of its own, so the reduction is
 * validated against {@link Reduction#NONE} on the shipped material (same end states, same
 * verdicts; see ExplorerTest) rather than proved. The first {@code splitDepth} choice points are
 * always branched completely; their picks name the subtree a shard owns.
 */
public final class Explorer {

    /** Told after every schedule (the CLI's progress line). */
    @FunctionalInterface
    public interface Progress {
        void schedule(long schedules, long runs, long violating);
    }

    /** One run's outcome and what the explorer recorded of it. */
    public record Run(RunOutcome outcome, List<ChoicePoint> points, List<String> violations, long endState,
                      Schedule schedule) {
    }

    private static final int MAX_MINIMISATION_RUNS = 2_000;

    private final ScenarioRunner runner;
    /**
     * The key order of the last run's traced fields ({@link EndState.Order}), for the next run's end
     * state: immutable, so threads that share this explorer may read and replace it.
     */
    private volatile EndState.Order endOrder;

    public Explorer(ScenarioRunner runner) {
        this.runner = runner;
    }

    /** A DFS node: one choice point of the current path. */
    private static final class Node {
        final ChoicePoint point;
        final BitSet backtrack = new BitSet();
        final BitSet done = new BitSet();
        /** Order choices: the candidate events' sequence numbers; else null. */
        final long[] candidates;
        /** Order choices: the candidate events' ids within the instant ({@link RunRecorder#id}); else null. */
        final String[] ids;
        /**
         * Optimal DPOR: the wakeup tree of this choice point (its children: the alternatives to run,
         * in order, each with the sequence to follow after it); null where every alternative runs.
         */
        WakeupTree wut;
        /** Source-set DPOR: the sleep set the path brought here (sequence number -> footprint). */
        final Map<Long, Set<String>> sleep;
        /** Source-set DPOR: per explored alternative, what its event touched (over every run through it). */
        final Map<Integer, Set<String>> footprints = new HashMap<>();
        int pick;

        Node(ChoicePoint point, long[] candidates, String[] ids, Map<Long, Set<String>> sleep) {
            this.point = point;
            this.candidates = candidates;
            this.ids = ids;
            this.sleep = sleep == null ? Map.of() : sleep;
            this.pick = point.pick();
            done.set(pick);
            backtrack.set(pick);
        }
    }

    /**
     * The next run: a prefix of picks, the sleep set at its last choice point (source and optimal
     * DPOR) and the wakeup tree to follow from there (optimal DPOR; else null).
     */
    private record Next(List<Integer> prefix, Map<Long, Set<String>> sleep, WakeupTree guide) {
    }

    /** Runs one schedule given by its picks (0 past their end), checking it; {@code extra} also gets the trace. */
    public Run run(Scenario s, Schedule schedule, ExploreSettings st, Trace extra) {
        return runRecorded(s, schedule, st, extra, false).run;
    }

    private record Recorded(Run run, RunRecorder recorder) {
    }

    private Recorded runRecorded(Scenario s, Schedule schedule, ExploreSettings st, Trace extra, boolean lenient) {
        return runRecorded(s, schedule, st, extra, new RunRecorder(schedule.choices(), schedule.draws(), lenient));
    }

    /** Runs with the given recorder; a run stopped by its sleep set gives a null {@code run}. */
    private Recorded runRecorded(Scenario s, Schedule schedule, ExploreSettings st, Trace extra, RunRecorder rec) {
        EndState end = new EndState(s.devices().stream().map(DeviceSpec::name).toList(), rec, endOrder);
        Trace trace = extra == null ? end : FanOut.of(end, extra);
        RunOutcome outcome;
        try {
            outcome = runner.run(s, trace, rec, schedule.rangePoints());
        } catch (RunRecorder.Blocked blocked) {
            return new Recorded(null, rec);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        outcome.metrics().values().forEach((k, v) -> {
            if (!k.startsWith("latency")) {
                counters.put(k, v);
            }
        });
        List<String> violations = new ArrayList<>();
        var m = outcome.metrics();
        if (st.checks().contains(Check.NO_LOST) && m.lost() > 0) {
            violations.add("no-lost: " + m.lost() + " device event(s) never served");
        }
        if (st.checks().contains(Check.NO_SPURIOUS) && m.spurious() > 0) {
            violations.add("no-spurious: " + m.spurious() + " spurious guest interrupt(s)");
        }
        if (st.checks().contains(Check.NO_WEDGE)) {
            for (String d : end.wedged()) {
                violations.add("no-wedge: " + d + " asserts at the end while the host keeps its irq masked");
            }
        }
        if (st.expect()) {
            for (ExpectationResult e : outcome.expectations()) {
                if (!e.passed()) {
                    violations.add("expect " + e.metric() + ": expected " + e.expectedText() + ", got " + e.actual());
                }
            }
        }
        Schedule taken = new Schedule(schedule.seed(), schedule.rangePoints(), rec.picks(), schedule.draws());
        long hash = end.hash(counters);
        endOrder = end.order();
        return new Recorded(new Run(outcome, List.copyOf(rec.points), violations, hash, taken), rec);
    }

    /** Explores the scenario (this shard's part of it) within the settings' bounds. */
    public ExploreResult explore(Scenario s, ExploreSettings st, Progress progress) {
        return explore(s, st, progress, null);
    }

    /**
     * Told each schedule this shard checks, with its Mazurkiewicz trace class (the same for runs that
     * only swap independent events): tests compare what reductions explore.
     */
    @FunctionalInterface
    public interface EachSchedule {
        void accept(Run run, long traceClass);
    }

    /** As {@link #explore(Scenario, ExploreSettings, Progress)}, telling {@code each} every schedule checked. */
    public ExploreResult explore(Scenario s, ExploreSettings st, Progress progress, EachSchedule each) {
        List<Node> stack = new ArrayList<>();
        List<Integer> prefix = List.of();
        long schedules = 0;
        long runs = 0;
        long violating = 0;
        long longest = 0;
        boolean exhaustive = false;
        boolean cut = false;
        SortedSet<Long> ends = new TreeSet<>();
        SortedSet<Long> points = new TreeSet<>();
        List<Integer> worst = null;
        List<String> worstViolations = null;
        Map<Long, Set<String>> sleep = Map.of();
        WakeupTree guide = null;
        long blocked = 0;
        boolean sleeps = st.reduction() == Reduction.SOURCE || st.reduction() == Reduction.OPTIMAL;
        while (true) {
            if (schedules >= st.maxSchedules()) {
                break;
            }
            Schedule schedule = new Schedule(s.seed(), st.rangePoints(), prefix, List.of());
            RunRecorder recorder = sleeps
                    ? new RunRecorder(prefix, List.of(), false, prefix.size() - 1, sleep, guide)
                    : new RunRecorder(prefix, List.of(), false);
            Recorded r = runRecorded(s, schedule, st, null, recorder);
            runs++;
            if (r.run == null) {
                blocked++;
            }
            List<ChoicePoint> ps = r.recorder.points;
            for (int i = prefix.size(); i < ps.size(); i++) {
                Node node = new Node(ps.get(i), r.recorder.candidates.get(i), r.recorder.candidateIds.get(i),
                        r.recorder.sleepAt.get(i));
                if (st.reduction() == Reduction.NONE || i < st.splitDepth() || node.point.kind() != Chooser.Kind.ORDER) {
                    node.backtrack.set(0, node.point.size());
                } else if (st.reduction() == Reduction.OPTIMAL) {
                    WakeupTree followed = r.recorder.guideAt.get(i);
                    node.wut = followed != null ? followed : WakeupTree.root();
                }
                stack.add(node);
            }
            List<Integer> picks = ps.stream().map(ChoicePoint::pick).toList();
            if (r.run != null && owns(st, picks)) {
                schedules++;
                longest = Math.max(longest, ps.size());
                ends.add(r.run.endState());
                for (int i = 0; i < ps.size(); i++) {
                    points.add(pointHash(ps.get(i)));
                    if (ps.get(i).size() > 1 && !branchable(st, ps.get(i), i)) {
                        cut = true;
                    }
                }
                if (!r.run.violations().isEmpty()) {
                    violating++;
                    if (worst == null || Counterexample.ORDER.compare(picks, worst) < 0) {
                        worst = picks;
                        worstViolations = r.run.violations();
                    }
                }
                if (each != null) {
                    each.accept(r.run, TraceClass.of(ps, r.recorder.instants()));
                }
                if (progress != null) {
                    progress.schedule(schedules, runs, violating);
                }
            }
            if (st.reduction() == Reduction.DPOR) {
                races(r.recorder, stack);
            } else if (sleeps) {
                boolean optimal = st.reduction() == Reduction.OPTIMAL;
                SourceSets.afterRun(r.recorder, stack.size(), new SourceSets.Tree() {
                    @Override
                    public long[] candidates(int point) {
                        return stack.get(point).candidates;
                    }

                    @Override
                    public void ran(int point, RunRecorder.Dispatched event) {
                        Node node = stack.get(point);
                        node.footprints.merge(node.pick, event.footprint(), Explorer::union);
                        if (node.wut != null) {
                            node.wut.childFor(step(event));
                        }
                    }

                    @Override
                    public void race(int point, List<RunRecorder.Dispatched> v, int[] initials) {
                        if (!optimal) {
                            addSource(stack.get(point), initials);
                        } else if (stack.get(point).wut != null) {
                            addWakeup(stack.get(point), v.stream().map(Explorer::step).toList());
                        }
                    }
                });
            }
            Next next = next(stack, st);
            if (next == null) {
                exhaustive = true;
                break;
            }
            prefix = next.prefix();
            sleep = next.sleep();
            guide = next.guide();
        }
        Optional<Counterexample> cex = Optional.empty();
        if (worst != null) {
            Minimised min = minimise(s, st, worst, kinds(worstViolations));
            runs += min.runs;
            cex = Optional.of(new Counterexample(worst, min.run.schedule().choices(), min.run.violations()));
        }
        return new ExploreResult(s.source(), st.describe(), st.shardIndex(), st.shardCount(), schedules, runs, blocked,
                ends,
                points, longest, exhaustive, cut, violating, cex);
    }

    private static boolean branchable(ExploreSettings st, ChoicePoint p, int index) {
        return index < st.depth() && p.timeNs() <= st.maxTimeNs();
    }

    /**
     * The next schedule's prefix (deepest node with an alternative still to run), or null when done.
     * Source-set DPOR skips alternatives asleep at the node and puts the node's explored alternatives
     * (with what their events touched) into the sleep set the next run starts with; the first
     * {@code splitDepth} points add nothing, so that every shard's subtree is explored alike.
     */
    private static Next next(List<Node> stack, ExploreSettings st) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            Node node = stack.get(i);
            if (!branchable(st, node.point, i)) {
                continue;
            }
            if (node.wut != null) {
                Next next = nextInTree(stack, st, i);
                if (next != null) {
                    return next;
                }
                continue;
            }
            boolean sleeps = st.reduction() == Reduction.SOURCE && node.candidates != null && i >= st.splitDepth();
            BitSet todo = (BitSet) node.backtrack.clone();
            todo.andNot(node.done);
            for (int j = todo.nextSetBit(0); j >= 0; j = todo.nextSetBit(j + 1)) {
                node.done.set(j);
                if (sleeps && node.sleep.containsKey(node.candidates[j])) {
                    continue; // asleep: every run starting with it is covered elsewhere
                }
                List<Integer> candidate = new ArrayList<>(i + 1);
                for (int k = 0; k < i; k++) {
                    candidate.add(stack.get(k).pick);
                }
                candidate.add(j);
                if (candidate.size() >= st.splitDepth() && !owns(st, candidate)) {
                    continue; // another shard's subtree
                }
                Map<Long, Set<String>> sleep = sleeps ? sleepFor(node, j) : new LinkedHashMap<>(node.sleep);
                node.pick = j;
                stack.subList(i + 1, stack.size()).clear();
                return new Next(candidate, sleep, null);
            }
        }
        return null;
    }

    /**
     * Optimal DPOR's next run at node {@code i}: the leftmost child of its wakeup tree not yet run
     * (nor asleep), followed by the sequence under it; null when none is left. An explored
     * alternative stays in the tree, marked done, rather than being removed as in the paper.
     */
    private static Next nextInTree(List<Node> stack, ExploreSettings st, int i) {
        Node node = stack.get(i);
        for (WakeupTree c : node.wut.children()) {
            int j = java.util.Arrays.asList(node.ids).indexOf(c.id());
            if (j < 0) {
                throw new IllegalStateException("wakeup tree at choice point " + i + " names " + c.id()
                        + ", not enabled there: " + java.util.Arrays.toString(node.ids));
            }
            if (node.done.get(j)) {
                continue;
            }
            node.done.set(j);
            if (node.sleep.containsKey(node.candidates[j])) {
                continue;
            }
            List<Integer> candidate = new ArrayList<>(i + 1);
            for (int k = 0; k < i; k++) {
                candidate.add(stack.get(k).pick);
            }
            candidate.add(j);
            if (candidate.size() >= st.splitDepth() && !owns(st, candidate)) {
                continue;
            }
            Map<Long, Set<String>> sleep = sleepFor(node, j);
            node.pick = j;
            stack.subList(i + 1, stack.size()).clear();
            return new Next(candidate, sleep, WakeupTree.above(c));
        }
        return null;
    }

    /** The sleep set a run taking alternative {@code j} at {@code node} starts with: the node's, and its siblings run before. */
    private static Map<Long, Set<String>> sleepFor(Node node, int j) {
        Map<Long, Set<String>> sleep = new LinkedHashMap<>(node.sleep);
        for (Map.Entry<Integer, Set<String>> f : node.footprints.entrySet()) {
            if (f.getKey() != j) {
                sleep.put(node.candidates[f.getKey()], f.getValue());
            }
        }
        return sleep;
    }

    private static WakeupTree.Step step(RunRecorder.Dispatched e) {
        return new WakeupTree.Step(e.id(), e.actor(), e.parentId(), e.footprint());
    }

    /**
     * Optimal DPOR's step for one reversible race (Algorithm 2): unless an event asleep at the node
     * (brought there, or an alternative run there before) is a weak initial of the reversal {@code v}
     * — a run starting with it covers {@code v} — insert {@code v} into the node's wakeup tree.
     */
    private static void addWakeup(Node node, List<WakeupTree.Step> v) {
        for (Map.Entry<Long, Set<String>> q : node.sleep.entrySet()) {
            int c = indexOf(node.candidates, q.getKey());
            if (c >= 0 && WakeupTree.weakInitial(candidateStep(node, c, q.getValue()), v)) {
                return;
            }
        }
        for (Map.Entry<Integer, Set<String>> f : node.footprints.entrySet()) {
            if (f.getKey() != node.pick && WakeupTree.weakInitial(candidateStep(node, f.getKey(), f.getValue()), v)) {
                return;
            }
        }
        node.wut.insert(v);
    }

    /** Candidate {@code c} of a node as a step (enabled there: no event of a sequence from there queued it). */
    private static WakeupTree.Step candidateStep(Node node, int c, Set<String> footprint) {
        String id = node.ids[c];
        return new WakeupTree.Step(id, id.substring(0, id.lastIndexOf('#')), null, footprint);
    }

    private static int indexOf(long[] values, long v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Source-set DPOR's step for one reversible race: unless an initial of the reversed sequence is
     * already to be explored here (or asleep here), add one, the later racing event's own when it is
     * an initial.
     */
    private static void addSource(Node node, int[] initials) {
        if (initials.length == 0) {
            node.backtrack.set(0, node.candidates.length); // not expected: stay sound
            return;
        }
        for (int c : initials) {
            if (node.backtrack.get(c) || node.sleep.containsKey(node.candidates[c])) {
                return;
            }
        }
        node.backtrack.set(initials[0]);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Whether this shard owns the subtree of these picks: a hash of the first splitDepth of them (0 past their end). */
    static boolean owns(ExploreSettings st, List<Integer> picks) {
        if (st.shardCount() == 1) {
            return true;
        }
        long h = 0x9e3779b97f4a7c15L;
        for (int i = 0; i < st.splitDepth(); i++) {
            int p = i < picks.size() ? picks.get(i) : 0;
            h = (h ^ p) * 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
        }
        return Long.remainderUnsigned(h, st.shardCount()) == st.shardIndex();
    }

    private static long pointHash(ChoicePoint p) {
        long h = 0xcbf29ce484222325L ^ p.kind().ordinal();
        h = (h ^ p.timeNs()) * 0x100000001b3L;
        for (String a : p.alternatives()) {
            for (int i = 0; i < a.length(); i++) {
                h = (h ^ a.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Race detection over one run: within each instant, for each pair of events on different actors,
     * unordered by happens-before and dependent, the later one (or every candidate, when it was not
     * queued yet) is added to the backtrack set of the choice point that picked the earlier one.
     */
    private static void races(RunRecorder rec, List<Node> stack) {
        for (List<RunRecorder.Dispatched> instant : rec.instants()) {
            if (instant.size() > 1) {
                racesInInstant(rec, instant, stack);
            }
        }
    }

    private static void racesInInstant(RunRecorder rec, List<RunRecorder.Dispatched> g, List<Node> stack) {
        int n = g.size();
        BitSet[] before = new BitSet[n];
        Map<Long, Integer> index = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            RunRecorder.Dispatched e = g.get(k);
            before[k] = new BitSet(n);
            Integer parent = index.get(e.parent());
            if (parent != null) {
                before[k].set(parent);
                before[k].or(before[parent]);
            }
            for (int i = 0; i < k; i++) {
                if (g.get(i).actor().equals(e.actor())) {
                    before[k].set(i);
                    before[k].or(before[i]);
                }
            }
            index.put(e.seq(), k);
        }
        for (int k = 1; k < n; k++) {
            RunRecorder.Dispatched later = g.get(k);
            for (int i = 0; i < k; i++) {
                RunRecorder.Dispatched earlier = g.get(i);
                if (earlier.point() < 0 || before[k].get(i) || earlier.actor().equals(later.actor())
                        || !dependent(earlier.footprint(), later.footprint())) {
                    continue;
                }
                Node node = stack.get(earlier.point());
                long[] cands = rec.candidates.get(earlier.point());
                int found = -1;
                for (int c = 0; c < cands.length; c++) {
                    Integer at = index.get(cands[c]);
                    if (cands[c] == later.seq() || (at != null && before[k].get(at))) {
                        found = c;
                        break;
                    }
                }
                if (found >= 0) {
                    node.backtrack.set(found);
                } else {
                    node.backtrack.set(0, cands.length);
                }
            }
        }
    }

    /** Footprints share a component (each footprint is a set of component names); package-visible for the recorder. */
    static boolean dependent(Set<String> a, Set<String> b) {
        if (a instanceof Footprint fa && b instanceof Footprint fb) {
            return fa.meets(fb);
        }
        return a.size() <= b.size() ? anyIn(a, b) : anyIn(b, a);
    }

    /** Whether a name of {@code names} is in {@code set}. */
    static boolean anyIn(Set<String> names, Set<String> set) {
        for (String x : names) {
            if (set.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private record Minimised(Run run, long runs) {
    }

    private static Set<String> kinds(List<String> violations) {
        return violations.stream().map(v -> v.substring(0, v.indexOf(':'))).collect(Collectors.toSet());
    }

    /**
     * Delta debugging (Zeller and Hildebrandt 2002) over the deviations from the plain run: drops
     * chunks of non-default picks while the run still violates one of the same checks, down to a
     * schedule where no single deviation can be dropped. Picks that no longer fit a point after an
     * earlier change count as 0. The result is the schedule as that run took it.
     */
    private Minimised minimise(Scenario s, ExploreSettings st, List<Integer> found, Set<String> kinds) {
        long runs = 0;
        Run best = runRecorded(s, new Schedule(s.seed(), st.rangePoints(), found, List.of()), st, null, false).run;
        runs++;
        int granularity = 2;
        while (runs < MAX_MINIMISATION_RUNS) {
            List<Integer> picks = best.schedule().choices();
            List<Integer> deviations = new ArrayList<>();
            for (int i = 0; i < picks.size(); i++) {
                if (picks.get(i) != 0) {
                    deviations.add(i);
                }
            }
            if (deviations.isEmpty()) {
                break;
            }
            granularity = Math.min(granularity, deviations.size());
            int chunk = (deviations.size() + granularity - 1) / granularity;
            boolean reduced = false;
            for (int from = 0; from < deviations.size() && runs < MAX_MINIMISATION_RUNS; from += chunk) {
                List<Integer> trial = new ArrayList<>(picks);
                for (int d = from; d < Math.min(from + chunk, deviations.size()); d++) {
                    trial.set(deviations.get(d), 0);
                }
                Run r = runRecorded(s, new Schedule(s.seed(), st.rangePoints(), trial, List.of()), st, null, true).run;
                runs++;
                if (r.violations().stream().anyMatch(v -> kinds.contains(v.substring(0, v.indexOf(':'))))) {
                    best = r;
                    granularity = Math.max(granularity - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (granularity >= deviations.size()) {
                    break;
                }
                granularity = Math.min(granularity * 2, deviations.size());
            }
        }
        return new Minimised(best, runs);
    }
}
