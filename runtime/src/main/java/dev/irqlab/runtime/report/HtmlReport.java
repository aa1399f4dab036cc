package dev.irqlab.runtime.report;

import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.metrics.DeviceMetrics;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.output.KernelLogWriter;
import dev.irqlab.runtime.output.ResultJson;
import dev.irqlab.runtime.output.ToolVersion;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Scenario;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code irqlab run --html FILE}: one self-contained HTML page (inline CSS and SVG; no script, font,
 * image or link to anything outside the file) with the scenario as run, the result table with the
 * expectations and their verdicts, a table per device, the kernel log ({@link KernelLogWriter}) and a
 * swimlane timeline of round trips ({@link RoundTrips}): the first ones and every anomalous one, a
 * spurious re-injection with its causal chain ({@link CausalChain}) highlighted; each round trip links
 * to the previous and next shown.
 *
 * <p>Attach it to the run's trace, run, then {@link #write}. Every number of the result table is the
 * result JSON's, each in an element carrying {@code data-metric}. The page depends only on the trace
 * and the result, so the same run writes the same bytes.
 */
public final class HtmlReport implements Trace {

    /** Kernel log lines kept for the page; a storm's log is cut after this many, with a note. */
    static final int MAX_LOG_LINES = 2000;
    private static final int LABEL_WIDTH = 150;
    private static final int PLOT_WIDTH = 820;
    private static final int LANE_HEIGHT = 28;
    private static final int AXIS_HEIGHT = 22;

    private final RoundTrips trips;
    private final StringWriter log = new StringWriter();
    private final KernelLogWriter logWriter;

    /**
     * @param devices the scenario's device names (their lane)
     * @param kernels the kernels' component names (their log)
     */
    public HtmlReport(List<String> devices, List<String> kernels) {
        this(devices, kernels, RoundTripWindow.DEFAULT);
    }

    /**
     * @param devices the scenario's device names (their lane)
     * @param kernels the kernels' component names (their log)
     * @param window  the round trips shown in full besides the anomalous ones
     */
    public HtmlReport(List<String> devices, List<String> kernels, RoundTripWindow window) {
        this.trips = new RoundTrips(java.util.Set.copyOf(devices), window);
        this.logWriter = new KernelLogWriter(log, kernels, false);
    }

    @Override
    public void emit(TraceEvent event) {
        trips.add(event);
        logWriter.emit(event);
    }

    /** Writes the page for the finished run; does not close {@code out}. */
    public void write(RunInfo info, RunMetrics metrics, List<ExpectationResult> expectations, ResultJson.AsRun asRun,
                      Writer out) {
        trips.finish();
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>irqlab: ")
                .text(info.scenarioName()).raw("</title>\n<style>\n").raw(Style.CSS).raw("</style>\n</head>\n<body>\n");
        h.raw("<h1>").text(info.scenarioName()).raw("</h1>\n");
        scenario(h, info, asRun);
        result(h, metrics, expectations);
        devices(h, metrics, asRun.scenario());
        kernelLog(h);
        timeline(h);
        h.raw("<footer>irqlab ").text(ToolVersion.get()).raw("</footer>\n</body>\n</html>\n");
        try {
            out.write(h.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void scenario(Html h, RunInfo info, ResultJson.AsRun asRun) {
        Scenario s = asRun.scenario();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("source", info.sourceFile());
        rows.put("platform", s.platform().controller() + " host, " + asRun.virtualController() + " in "
                + s.platform().hypervisor() + ", VMM " + s.platform().vmm() + ", forwarder " + s.platform().forwarder()
                + ", " + s.platform().hostCpus() + " host CPU(s), " + s.platform().vcpus() + " vCPU(s)");
        rows.put("fix", s.fixes().isEmpty() ? "none" : String.join(", ", s.fixes()));
        rows.put("kernel versions", versions(s));
        rows.put("seed", Long.toString(info.seed()));
        rows.put("run", Html.duration(s.run().durationNs()) + " + drain " + Html.duration(s.run().drainNs())
                + ", ended at " + Html.duration(info.endTimeNs()) + ", " + info.eventsDispatched() + " events");
        h.raw("<section id=\"scenario\">\n<h2>Scenario</h2>\n<table class=\"kv\">\n");
        for (Map.Entry<String, String> r : rows.entrySet()) {
            h.raw("<tr data-key=\"").attr(r.getKey()).raw("\"><th>").text(r.getKey()).raw("</th><td>").text(r.getValue())
                    .raw("</td></tr>\n");
        }
        h.raw("</table>\n</section>\n");
    }

    /** Every configuration key naming a version, as {@code role key value}; "defaults" when none. */
    private static String versions(Scenario s) {
        Map<String, Object> found = new TreeMap<>();
        for (Role r : Role.values()) {
            Config c = s.config().get(r);
            if (c != null) {
                c.values().forEach((k, v) -> {
                    if (k.contains("version")) {
                        found.put(r.label() + " " + k, v);
                    }
                });
            }
        }
        s.kernels().forEach((side, c) -> c.values().forEach((k, v) -> {
            if (k.contains("version")) {
                found.put(side + " kernel " + k, v);
            }
        }));
        return found.isEmpty() ? "model defaults" : found.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void result(Html h, RunMetrics metrics, List<ExpectationResult> expectations) {
        Map<String, ExpectationResult> byMetric = new LinkedHashMap<>();
        expectations.forEach(e -> byMetric.putIfAbsent(e.metric(), e));
        h.raw("<section id=\"result\">\n<h2>Result</h2>\n<table class=\"metrics\">\n<thead><tr><th>metric</th>"
                + "<th>value</th><th>expected</th><th>verdict</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Long> m : metrics.totals().entrySet()) {
            metricRow(h, m.getKey(), m.getValue(), byMetric.remove(m.getKey()));
        }
        for (ExpectationResult e : byMetric.values()) {
            metricRow(h, e.metric(), e.actual(), e);
        }
        h.raw("</tbody>\n</table>\n");
        long failed = expectations.stream().filter(e -> !e.passed()).count();
        boolean passed = failed == 0;
        h.raw("<p id=\"verdict\" class=\"").raw(passed ? "pass" : "fail").raw("\">verdict: ")
                .text(passed ? "PASS (" + expectations.size() + " expectations met)"
                        : "FAIL (" + failed + " of " + expectations.size() + " expectations not met)")
                .raw("</p>\n</section>\n");
    }

    private static void metricRow(Html h, String metric, Long value, ExpectationResult e) {
        h.raw("<tr data-metric=\"").attr(metric).raw("\"").raw(e == null ? "" : e.passed() ? " class=\"pass\""
                : " class=\"fail\"").raw("><td>").text(metric).raw("</td><td class=\"num\">")
                .text(value == null ? "" : value.toString()).raw("</td><td>").text(e == null ? "" : e.expectedText())
                .raw("</td><td>").text(e == null ? "" : e.passed() ? "PASS" : "FAIL").raw("</td></tr>\n");
    }

    private static void devices(Html h, RunMetrics metrics, Scenario s) {
        h.raw("<section id=\"devices\">\n<h2>Devices</h2>\n");
        for (DeviceSpec d : s.devices()) {
            h.raw("<table class=\"device\" data-device=\"").attr(d.name()).raw("\">\n<caption>").text(d.name())
                    .raw("</caption>\n");
            kv(h, "model", d.model());
            kv(h, "host line", d.line() + " (" + d.trigger().dtName() + ")");
            kv(h, "guest pin", Integer.toString(d.guestPin()));
            kv(h, "forwarding", d.forwarding().label());
            kv(h, "driver", d.driver().name() + ", " + d.driver().flow().label());
            DeviceMetrics dm = metrics.devices().get(d.name());
            if (dm != null) {
                dm.values().forEach((m, v) -> h.raw("<tr data-metric=\"").attr(MetricNames.device(d.name(), m))
                        .raw("\"><th>").text(m).raw("</th><td class=\"num\">").text(v.toString()).raw("</td></tr>\n"));
            }
            h.raw("</table>\n");
        }
        vcpus(h, metrics);
        h.raw("</section>\n");
    }

    /** A line per vCPU: its exits, their cost and each cause some vCPU exited for. */
    private static void vcpus(Html h, RunMetrics metrics) {
        if (metrics.vcpus().isEmpty()) {
            return;
        }
        List<String> columns = new java.util.ArrayList<>(List.of(MetricNames.EXITS, MetricNames.EXIT_COST_NS));
        metrics.exitsByCause().forEach((c, n) -> {
            if (n > 0) {
                columns.add(MetricNames.EXITS + "." + c);
            }
        });
        h.raw("<table class=\"vcpus\">\n<caption>vCPUs</caption>\n<thead><tr><th>vCPU</th>");
        columns.forEach(c -> h.raw("<th>").text(c).raw("</th>"));
        h.raw("</tr></thead>\n<tbody>\n");
        metrics.vcpus().forEach((n, v) -> {
            h.raw("<tr data-vcpu=\"").raw(Integer.toString(n)).raw("\"><th>").text(Integer.toString(n)).raw("</th>");
            columns.forEach(c -> h.raw("<td class=\"num\" data-metric=\"").attr(MetricNames.vcpu(n, c)).raw("\">")
                    .text(Long.toString(v.value(c).getAsLong())).raw("</td>"));
            h.raw("</tr>\n");
        });
        h.raw("</tbody>\n</table>\n");
    }

    private static void kv(Html h, String key, String value) {
        h.raw("<tr><th>").text(key).raw("</th><td>").text(value).raw("</td></tr>\n");
    }

    private void kernelLog(Html h) {
        String[] lines = log.toString().split("\n", -1);
        int n = lines.length - 1; // the text ends with a newline
        h.raw("<section id=\"log\">\n<h2>Kernel log</h2>\n<pre>");
        for (int i = 0; i < Math.min(n, MAX_LOG_LINES); i++) {
            h.text(lines[i]).raw("\n");
        }
        h.raw("</pre>\n");
        if (n > MAX_LOG_LINES) {
            h.raw("<p class=\"note\">").text((n - MAX_LOG_LINES) + " more lines: irqlab run --log FILE writes them all")
                    .raw("</p>\n");
        } else if (n == 0) {
            h.raw("<p class=\"note\">no kernel message</p>\n");
        }
        h.raw("</section>\n");
    }

    private void timeline(Html h) {
        List<RoundTrips.RoundTrip> kept = trips.kept();
        RoundTripWindow w = trips.window();
        h.raw("<section id=\"timeline\">\n<h2>Round trips</h2>\n<p id=\"trips\" data-total=\"")
                .raw(Integer.toString(trips.total())).raw("\" data-anomalous=\"").raw(Integer.toString(trips.anomalousTotal()))
                .raw("\" data-window=\"").raw(w.toString()).raw("\">")
                .text(trips.total() + " round trips (device assert to the next), " + trips.anomalousTotal()
                        + " anomalous (a driver found nothing, or a handler returned IRQ_NONE). Shown: "
                        + shown(w, trips.total()) + " and every other anomalous one (at most "
                        + RoundTrips.MAX_ANOMALOUS + "). A round trip of more than " + RoundTrips.MAX_EVENTS
                        + " events is drawn with its first " + RoundTrips.HEAD + " and its last "
                        + (RoundTrips.MAX_EVENTS - RoundTrips.HEAD) + " events; its caption says how many between "
                        + "are not drawn. Highlighted in red: the causal chain of a spurious re-injection (guest EOI, "
                        + "resample, host unmask, re-fire, stale injection, guest flow, found nothing; host delivery and "
                        + "injection where no EOI, resample or unmask came before, as for a storm's first interrupt), "
                        + "each step the latest event of its kind before the step it caused. The time axis is logarithmic (ticks at 1 us, "
                        + "10 us, ... after its origin), so that microsecond steps and a millisecond tail both show; "
                        + "where a round trip has a chain, the axis starts at the chain's first step and the events "
                        + "before it are drawn, on their own logarithmic scale, in the band marked earlier.")
                .raw("</p>\n");
        steps(h, w, trips.total());
        for (int i = 0; i < kept.size(); i++) {
            roundTrip(h, kept.get(i), i == 0 ? null : kept.get(i - 1), i + 1 < kept.size() ? kept.get(i + 1) : null);
        }
        h.raw("</section>\n");
    }

    /** The round trips of window {@code w} that exist: "round trip 1", "round trips 1-3", "no round trip". */
    static String shown(RoundTripWindow w, int total) {
        if (total < w.from()) {
            return "no round trip of " + w;
        }
        RoundTripWindow there = new RoundTripWindow(w.from(), Math.min(w.to(), total));
        return (there.size() == 1 ? "round trip " : "round trips ") + there;
    }

    /**
     * How to step through the round trips the page does not show: the {@code --html-trips} windows
     * before and after this one, of the same size (the page has no script; each window is a run).
     */
    private static void steps(Html h, RoundTripWindow w, int total) {
        RoundTripWindow previous = w.from() == 1 ? null
                : new RoundTripWindow(Math.max(1, w.from() - w.size()), w.from() - 1);
        RoundTripWindow next = w.to() >= total ? null
                : new RoundTripWindow(w.to() + 1, Math.min(total, w.to() + w.size()));
        if (previous == null && next == null) {
            return;
        }
        h.raw("<p id=\"step\">").text("Step through the other round trips with the same run and --html-trips: ");
        if (previous != null) {
            h.raw("<code class=\"previous\" data-window=\"").raw(previous.toString()).raw("\">")
                    .text("--html-trips " + previous).raw("</code>").text(" (before)" + (next != null ? ", " : ""));
        }
        if (next != null) {
            h.raw("<code class=\"next\" data-window=\"").raw(next.toString()).raw("\">").text("--html-trips " + next)
                    .raw("</code>").text(" (after)");
        }
        h.raw("</p>\n");
    }

    private static void roundTrip(Html h, RoundTrips.RoundTrip rt, RoundTrips.RoundTrip prev, RoundTrips.RoundTrip next) {
        List<Lanes.Placed> ev = rt.events();
        List<CausalChain.Step> chain = CausalChain.of(ev);
        Map<Integer, String> chainAt = new LinkedHashMap<>();
        chain.forEach(s -> chainAt.put(s.index(), s.name()));
        long span = Math.max(1, ev.get(ev.size() - 1).event().time() - rt.start());
        Axis axis = Axis.of(span, chain.isEmpty() ? 0 : ev.get(chain.get(0).index()).event().time() - rt.start());
        h.raw("<figure class=\"roundtrip").raw(rt.anomalous() ? " anomalous" : "").raw("\" id=\"rt-")
                .raw(Integer.toString(rt.number())).raw("\" data-number=\"").raw(Integer.toString(rt.number()))
                .raw(rt.truncated() ? "\" data-omitted=\"" + rt.omitted() : "")
                .raw("\">\n<figcaption>").text("round trip " + rt.number() + " at " + Html.duration(rt.start())
                        + ", " + Html.duration(span) + (rt.anomalous() ? ", anomalous" : "")
                        + (rt.truncated() ? ", " + rt.eventCount() + " events: the first " + RoundTrips.HEAD
                                + " and the last " + (rt.events().size() - RoundTrips.HEAD) + " drawn, "
                                + rt.omitted() + " between not drawn" : ""))
                .raw(" <span class=\"nav\">");
        if (prev != null) {
            h.raw("<a href=\"#rt-").raw(Integer.toString(prev.number())).raw("\">previous</a> ");
        }
        if (next != null) {
            h.raw("<a href=\"#rt-").raw(Integer.toString(next.number())).raw("\">next</a>");
        }
        h.raw("</span></figcaption>\n");
        int height = LANE_HEIGHT * Lanes.NAMES.size() + AXIS_HEIGHT;
        int width = LABEL_WIDTH + PLOT_WIDTH + 20;
        h.raw("<svg width=\"").raw(Integer.toString(width)).raw("\" height=\"")
                .raw(Integer.toString(height)).raw("\" viewBox=\"0 0 ").raw(width + " " + height).raw("\">\n");
        for (int l = 0; l < Lanes.NAMES.size(); l++) {
            int y = l * LANE_HEIGHT;
            h.raw("<g class=\"lane\" data-lane=\"").attr(Lanes.NAMES.get(l)).raw("\"><rect x=\"0\" y=\"")
                    .raw(Integer.toString(y)).raw("\" width=\"").raw(Integer.toString(width)).raw("\" height=\"")
                    .raw(Integer.toString(LANE_HEIGHT)).raw("\" class=\"").raw(l % 2 == 0 ? "even" : "odd")
                    .raw("\"/><text x=\"6\" y=\"").raw(Integer.toString(y + 18)).raw("\">").text(Lanes.NAMES.get(l))
                    .raw("</text></g>\n");
        }
        axis.draw(h, LANE_HEIGHT * Lanes.NAMES.size());
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < ev.size(); i++) {
            Lanes.Placed p = ev.get(i);
            int x = axis.x(p.event().time() - rt.start());
            int y = p.lane() * LANE_HEIGHT + LANE_HEIGHT / 2;
            String cls = cssClass(p, chainAt.containsKey(i));
            h.raw("<circle cx=\"").raw(Integer.toString(x)).raw("\" cy=\"").raw(Integer.toString(y)).raw("\" r=\"")
                    .raw(chainAt.containsKey(i) ? "6" : "4").raw("\" class=\"").raw(cls).raw("\"><title>")
                    .text("+" + Html.duration(p.event().time() - rt.start()) + " " + p.event().component() + ": "
                            + p.text() + (chainAt.containsKey(i) ? " [" + chainAt.get(i) + "]" : ""))
                    .raw("</title></circle>\n");
            if (chainAt.containsKey(i)) {
                path.append(path.length() == 0 ? "M" : " L").append(x).append(' ').append(y);
            }
        }
        if (path.length() > 0) {
            h.raw("<path class=\"chain\" d=\"").raw(path.toString()).raw("\"/>\n");
        }
        if (rt.truncated()) {
            // where the events not drawn were: between the last of the first ones and the first of the last
            int x = axis.x(ev.get(RoundTrips.HEAD).event().time() - rt.start());
            h.raw("<line class=\"omitted\" x1=\"").raw(Integer.toString(x)).raw("\" y1=\"0\" x2=\"")
                    .raw(Integer.toString(x)).raw("\" y2=\"").raw(Integer.toString(LANE_HEIGHT * Lanes.NAMES.size()))
                    .raw("\"><title>").text(rt.omitted() + " events not drawn before this one").raw("</title></line>\n");
        }
        h.raw("</svg>\n");
        if (!chain.isEmpty()) {
            h.raw("<ol class=\"chain\">");
            for (CausalChain.Step s : chain) {
                Lanes.Placed p = ev.get(s.index());
                h.raw("<li>").text(s.name() + ": +" + Html.duration(p.event().time() - rt.start()) + " "
                        + p.event().component() + " " + p.text()).raw("</li>");
            }
            h.raw("</ol>\n");
        }
        h.raw("<details><summary>").text(rt.truncated() ? ev.size() + " of " + rt.eventCount() + " events"
                : ev.size() + " events").raw("</summary>\n<ol class=\"events\">\n");
        for (int i = 0; i < ev.size(); i++) {
            Lanes.Placed p = ev.get(i);
            if (rt.truncated() && i == RoundTrips.HEAD) {
                h.raw("<li class=\"omitted\">").text(rt.omitted() + " events not drawn").raw("</li>\n");
            }
            h.raw("<li class=\"").raw(cssClass(p, chainAt.containsKey(i))).raw("\">")
                    .text("+" + Html.duration(p.event().time() - rt.start()) + " [" + Lanes.NAMES.get(p.lane()) + "] "
                            + p.event().component() + ": " + p.text())
                    .raw("</li>\n");
        }
        h.raw("</ol>\n</details>\n</figure>\n");
    }

    private static String cssClass(Lanes.Placed p, boolean inChain) {
        boolean bad = (p.event() instanceof TraceEvent.DriverOutcome o && o.spurious())
                || (p.event() instanceof TraceEvent.HandlerRan r && r.result() == dev.irqlab.api.kernel.IrqReturn.NONE);
        return (bad ? "ev spurious" : "ev") + (inChain ? " chain" : "");
    }

    /**
     * The time axis of one round trip. A round trip lasts milliseconds (an I2C transfer, a thread)
     * while the steps of a causal chain are microseconds apart, so the axis is logarithmic: x grows
     * with log(1 + t / 1 µs) from its origin, with a tick at 0 and at every decade. Its origin is the
     * round trip's start, or for a round trip with a causal chain the chain's first step: the axis zooms
     * on the chain's own window (a chain that starts half a millisecond into the round trip would
     * otherwise be squeezed into one decade), and the events before it are drawn, on their own
     * logarithmic scale from the round trip's start, in a band left of the origin.
     *
     * @param origin when the zoomed window starts, after the round trip's start
     * @param span   the round trip's length
     * @param band   the width of the band for the events before the origin, 0 when there are none
     */
    record Axis(long origin, long span, int band) {

        /** The band's width when the axis zooms on a chain that starts after the round trip. */
        static final int BEFORE_BAND = 120;
        private static final int GAP = 10;

        static Axis of(long span, long chainStart) {
            long origin = Math.max(0, Math.min(chainStart, span - 1));
            return new Axis(origin, span, origin > 0 ? BEFORE_BAND : 0);
        }

        /** Where {@code dt} after the round trip's start is drawn. */
        int x(long dt) {
            long t = Math.max(0, dt);
            if (t < origin) {
                return LABEL_WIDTH + (int) Math.round(logFraction(t, origin) * (band - GAP));
            }
            return LABEL_WIDTH + band + (int) Math.round(logFraction(t - origin, span - origin) * (PLOT_WIDTH - band));
        }

        private static double logFraction(long t, long end) {
            return Math.min(1.0, Math.log1p(t / 1_000.0) / Math.log1p(Math.max(1, end) / 1_000.0));
        }

        /**
         * The axis under the lanes: a tick at the origin and at every decade from 1 µs after it
         * ({@code data-ns}: the time after the origin, {@code data-origin-ns} on the axis; the labels
         * are times in the round trip, as everywhere on the page), and the band of earlier events.
         */
        void draw(Html h, int y) {
            h.raw("<g class=\"axis\" data-origin-ns=\"").raw(Long.toString(origin)).raw("\">");
            for (long t = 0; t <= span - origin; t = t == 0 ? 1_000 : t * 10) {
                int x = x(origin + t);
                h.raw("<line x1=\"").raw(Integer.toString(x)).raw("\" y1=\"0\" x2=\"").raw(Integer.toString(x))
                        .raw("\" y2=\"").raw(Integer.toString(y)).raw("\"/><text x=\"").raw(Integer.toString(x))
                        .raw("\" y=\"").raw(Integer.toString(y + 14)).raw("\" data-ns=\"").raw(Long.toString(t))
                        .raw("\">").text(origin + t == 0 ? "0" : "+" + Html.duration(origin + t))
                        .raw("</text>");
            }
            h.raw("</g>\n");
            if (band > 0) {
                int edge = LABEL_WIDTH + band - GAP / 2;
                h.raw("<g class=\"before\"><line x1=\"").raw(Integer.toString(edge)).raw("\" y1=\"0\" x2=\"")
                        .raw(Integer.toString(edge)).raw("\" y2=\"").raw(Integer.toString(y)).raw("\"/><text x=\"")
                        .raw(Integer.toString(LABEL_WIDTH + 2)).raw("\" y=\"").raw(Integer.toString(y + 14)).raw("\">")
                        .text("earlier").raw("</text></g>\n");
            }
        }
    }
}
