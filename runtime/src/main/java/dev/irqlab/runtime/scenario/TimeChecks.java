package dev.irqlab.runtime.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Times that cannot make sense together, found once every section has read cleanly: a VM that
 * starts, a suspend or a workload event that comes after the run ends (it would silently never
 * happen), and jitter larger than the period (events would overtake each other). Each problem is
 * placed at the key to change and gives the allowed range.
 */
final class TimeChecks {

    private final Problems problems;
    private final long end;
    private final String endText;

    TimeChecks(Problems problems, Run run) {
        this.problems = problems;
        this.end = run.durationNs();
        this.endText = "run.duration " + Durations.format(end);
    }

    void check(Optional<Vmm> vmm, Optional<Suspend> suspend, Optional<List<DeviceSpec>> devices) {
        vmm.filter(v -> v.vmStartNs() >= end).ifPresent(v -> at("vmm.vm-start", "found "
                + Durations.format(v.vmStartNs()) + ", at or after the run ends (" + endText
                + "): the VM would never run; allowed: 0ns.." + Durations.format(end - 1)));
        suspend.filter(sp -> sp.atNs() >= end).ifPresent(sp -> at("suspend.at", "found "
                + Durations.format(sp.atNs()) + ", at or after the run ends (" + endText + "); allowed: 0ns.."
                + Durations.format(end - 1)));
        devices.ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                workload("devices[" + i + "].workload", list.get(i).workload());
            }
        });
    }

    private void workload(String path, Workload w) {
        if (w instanceof Workload.Periodic p) {
            if (p.jitterNs() > p.periodNs()) {
                at(path + ".jitter", "found " + Durations.format(p.jitterNs()) + ", larger than the period "
                        + Durations.format(p.periodNs()) + " (events would overtake each other); allowed: 0ns.."
                        + Durations.format(p.periodNs()));
            }
            if (p.startNs() > end) {
                at(path + ".start", "found " + Durations.format(p.startNs()) + ", after the run ends (" + endText
                        + "): no event would happen; allowed: 0ns.." + Durations.format(end));
                return;
            }
            long fit = (end - p.startNs()) / p.periodNs() + 1;
            if (p.count() > fit) {
                at(path + ".count", "found " + p.count() + ": the events from " + Durations.format(p.startNs())
                        + " every " + Durations.format(p.periodNs()) + " go past the end of the run (" + endText
                        + "); allowed: 1.." + fit);
            }
        } else if (w instanceof Workload.AtTimes a) {
            long last = a.timesNs().get(a.timesNs().size() - 1);
            if (last > end) {
                String key = problems.locations().containsKey(path + ".file") ? path + ".file" : path + ".at";
                long after = a.timesNs().stream().filter(t -> t > end).count();
                at(key, after + " of " + a.timesNs().size() + " times are after the run ends (" + endText
                        + "), the last at " + Durations.format(last) + "; allowed: 0ns.." + Durations.format(end));
            }
        }
    }

    private void at(String path, String message) {
        Location l = problems.locations().get(path);
        problems.at(l == null ? 1 : l.line(), l == null ? 1 : l.column(), path, message);
    }
}
