package dev.irqlab.runtime.engine;

import java.util.List;

/**
 * Decides the choice points of one run: which of several events enabled at the same virtual time
 * runs first, which value a ranged latency takes, and what a random stream draws. A plain run has
 * no chooser and always takes alternative 0, today's order; the explorer installs one that records
 * (and, when replaying, dictates) every decision. Called on the simulation thread only.
 */
public interface Chooser {

    /** What kind of decision a choice point is. */
    enum Kind {
        /** Events of different actors due at the same instant: which runs next. */
        ORDER,
        /** A latency written as a range: which of its discretisation points this run uses. */
        RANGE,
        /** A nondeterministic choice a model asked for ({@code Sim.choose}). */
        MODEL
    }

    /**
     * Picks one alternative.
     *
     * @param kind         the kind of decision
     * @param timeNs       the virtual time of the decision
     * @param alternatives at least two, described for schedules and reports; index 0 is the plain
     *                     run's choice
     * @return an index into {@code alternatives}
     */
    int choose(Kind kind, long timeNs, List<String> alternatives);

    /**
     * The value a model draws from a random stream; {@code seeded} is what the run's seed gives. A
     * chooser that replays a schedule returns the recorded draw.
     */
    default long draw(String stream, long seeded) {
        return seeded;
    }

    /**
     * The event running now read or wrote state of {@code component} without leaving a trace of its
     * own there (a driver reading a device register): part of the event's footprint for the
     * explorer's dependency relation. A plain run has no chooser and nothing is reported.
     */
    default void touch(String component) {
    }

    /**
     * The event running now queued an event of {@code actor} for {@code timeNs}: it touches the name
     * {@code "queue <actor>@<timeNs>"}, so that two events that queue work for one actor at one instant
     * are ordered by the explorer (they decide that actor's order there). A chooser that keeps the
     * name as its parts saves building the text for every queued event.
     */
    default void touchQueue(String actor, long timeNs) {
        touch("queue " + actor + "@" + timeNs);
    }
}
