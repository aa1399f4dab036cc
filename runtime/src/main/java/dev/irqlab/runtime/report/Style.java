package dev.irqlab.runtime.report;

/** The report's inline style sheet: system fonts only, nothing loaded from outside the file. */
final class Style {

    private Style() {
    }

    static final String CSS = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1040px; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; }
            th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; font-size: 0.9em; }
            td.num { text-align: right; font-family: monospace; }
            tr.pass td:last-child, p.pass { color: #176b1d; font-weight: bold; }
            tr.fail td:last-child, p.fail { color: #b00020; font-weight: bold; }
            table.device { display: inline-table; margin-right: 1em; vertical-align: top; }
            caption { font-weight: bold; text-align: left; }
            pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 0.85em; }
            figure { margin: 1em 0; border: 1px solid #ddd; padding: 0.5em; }
            figure.anomalous { border-color: #b00020; }
            figcaption { font-weight: bold; margin-bottom: 0.3em; } .nav { font-weight: normal; margin-left: 1em; }
            svg rect.even { fill: #fafafa; } svg rect.odd { fill: #f0f0f0; }
            svg text { font-family: sans-serif; font-size: 12px; fill: #444; }
            svg g.axis line { stroke: #bbb; stroke-width: 1; } svg g.axis text { font-size: 10px; text-anchor: middle; }
            svg g.before line { stroke: #888; stroke-width: 1; stroke-dasharray: 3 3; } svg g.before text { font-size: 10px; }
            svg circle.ev { fill: #3a6ea5; fill-opacity: 0.7; }
            svg circle.spurious { fill: #b00020; fill-opacity: 1; }
            svg circle.chain { stroke: #b00020; stroke-width: 2; fill: #ffd0d0; }
            svg path.chain { stroke: #b00020; stroke-width: 2; fill: none; stroke-dasharray: 4 2; }
            svg line.omitted { stroke: #555; stroke-width: 2; stroke-dasharray: 1 3; }
            ol.chain { color: #b00020; font-size: 0.85em; } ol.events { font-size: 0.8em; font-family: monospace; }
            li.spurious, li.chain { color: #b00020; }
            p.note, footer { color: #666; font-size: 0.85em; }
            """;
}
