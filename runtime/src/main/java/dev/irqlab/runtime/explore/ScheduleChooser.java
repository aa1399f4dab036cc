package dev.irqlab.runtime.explore;

import dev.irqlab.runtime.engine.Chooser;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a schedule's choices (0 past their end) and draws, and records every decision the run
 * meets. A choice outside a point's alternatives means the schedule belongs to another scenario or
 * model version: an {@link IllegalStateException} naming the point.
 */
public final class ScheduleChooser implements Chooser {

    private final Schedule schedule;
    private final List<ChoicePoint> points = new ArrayList<>();
    private final List<Long> drawn = new ArrayList<>();

    public ScheduleChooser(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public int choose(Kind kind, long timeNs, List<String> alternatives) {
        int i = points.size();
        int pick = i < schedule.choices().size() ? schedule.choices().get(i) : 0;
        if (pick >= alternatives.size()) {
            throw new IllegalStateException("schedule choice " + i + " is " + pick + " but the run has only "
                    + alternatives.size() + " alternatives there (" + kind + " at " + timeNs + " ns: " + alternatives
                    + "): the schedule was made for another scenario or model");
        }
        points.add(new ChoicePoint(kind, timeNs, alternatives, pick));
        return pick;
    }

    @Override
    public long draw(String stream, long seeded) {
        int i = drawn.size();
        long v = i < schedule.draws().size() ? schedule.draws().get(i) : seeded;
        drawn.add(v);
        return v;
    }

    /** Every decision the run took, in order. */
    public List<ChoicePoint> points() {
        return points;
    }

    /** The schedule of the run as it went: the decisions taken (draws only where the schedule set them). */
    public Schedule taken() {
        return new Schedule(schedule.seed(), schedule.rangePoints(), points.stream().map(ChoicePoint::pick).toList(),
                schedule.draws());
    }
}
