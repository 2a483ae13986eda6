import FramecastCore

/// Writes a chart's interactive layer as SVG, to sit exactly on its PNG (same logical size, same
/// viewBox, same plot rectangle). Everything is invisible hit area carrying data:
/// - `rect.plot` maps pixels to data: x in [x, x+width] ↔ time in [data-from, data-until) (epoch
///   ms), y in [y+height, y] ↔ value in [data-ymin, data-ymax], logarithmic when data-log is 1
///   (data-y2… for the right axis);
/// - `rect.hover`, one per few pixel columns: data-t0/data-t1 and, per series i with points
///   there, `data-s<i>="min max last lastTime"`, plus a `<title>` a browser shows as a tooltip;
/// - `rect.series` per series (its legend box), `rect.threshold`, `rect.annotation`.
/// Element count follows the width (one hover target per 2 logical pixels) and the spec's
/// bounded counts, never the points. No script is emitted; every text is escaped.
public enum OverlayWriter {
    public static func write(_ overlay: Overlay) -> [UInt8] {
        var out = SVGBuffer()
        let n = SVGBuffer.number
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"framecast-overlay\" width=\"\(n(overlay.width * overlay.scale))\" ")
        out.append("height=\"\(n(overlay.height * overlay.scale))\" viewBox=\"0 0 \(n(overlay.width)) \(n(overlay.height))\" ")
        out.append("data-kind=\"\(overlay.kind.rawValue)\" data-scale=\"\(n(overlay.scale))\"")
        if let note = overlay.note { out.append(" data-note=\"\(SVGWriter.escape(note))\"") }
        out.append(">\n")
        writePlot(overlay, into: &out)
        out.append("<g class=\"series-list\">\n")
        for (index, series) in overlay.series.enumerated() { write(series, index: index, into: &out) }
        out.append("</g>\n<g class=\"hover\" fill=\"#000\" fill-opacity=\"0\">\n")
        let plot = overlay.plot
        for target in overlay.targets {
            out.append("<rect class=\"hover\" x=\"\(n(target.x))\" y=\"\(n(plot.y))\" width=\"\(n(target.width))\" ")
            out.append("height=\"\(n(plot.height))\" data-t0=\"\(target.from)\" data-t1=\"\(target.until)\"")
            for (index, span) in target.values.enumerated() {
                guard let span else { continue }
                out.append(" data-s\(index)=\"\(number(span.min)) \(number(span.max)) \(number(span.last)) \(span.lastTime)\"")
            }
            out.append("><title>\(SVGWriter.escape(target.title, keepNewlines: true))</title></rect>\n")
        }
        out.append("</g>\n")
        writeMarks(overlay.thresholds, kind: "threshold", into: &out)
        writeMarks(overlay.annotations, kind: "annotation", into: &out)
        out.append("</svg>\n")
        return out.bytes
    }

    static func writePlot(_ overlay: Overlay, into out: inout SVGBuffer) {
        let plot = overlay.plot
        let n = SVGBuffer.number
        out.append("<rect class=\"plot\" x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.width))\" height=\"\(n(plot.height))\" ")
        out.append("fill=\"none\" data-from=\"\(overlay.from)\" data-until=\"\(overlay.until)\" ")
        out.append("data-tz=\"\(SVGWriter.escape(overlay.timeZone))\" data-ymin=\"\(number(overlay.left.lower))\" ")
        out.append(
            "data-ymax=\"\(number(overlay.left.upper))\" data-log=\"\(overlay.left.log ? 1 : 0)\" data-unit=\"\(overlay.left.unit.rawValue)\""
        )
        if let right = overlay.right {
            out.append(" data-y2min=\"\(number(right.lower))\" data-y2max=\"\(number(right.upper))\" ")
            out.append("data-y2log=\"\(right.log ? 1 : 0)\" data-y2unit=\"\(right.unit.rawValue)\"")
        }
        out.append("/>\n")
    }

    static func write(_ series: Overlay.Series, index: Int, into out: inout SVGBuffer) {
        let n = SVGBuffer.number
        let box = series.legend ?? Rect(x: 0, y: 0, width: 0, height: 0)
        out.append("<rect class=\"series\" x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" ")
        out.append("fill=\"#000\" fill-opacity=\"0\" data-index=\"\(index)\" data-series=\"\(SVGWriter.escape(series.name))\" ")
        out.append("data-color=\"\(series.color.hex)\" data-axis=\"\(series.rightAxis ? "right" : "left")\"")
        if let stats = series.stats {
            out.append(" data-last=\"\(number(stats.last))\" data-min=\"\(number(stats.min))\" data-max=\"\(number(stats.max))\" ")
            out.append("data-avg=\"\(number(stats.average))\" data-count=\"\(stats.count)\"")
        }
        out.append("><title>\(SVGWriter.escape(series.title, keepNewlines: true))</title></rect>\n")
    }

    /// Thresholds and annotations as hit areas: bands and spans as drawn, lines 6 px thick.
    static func writeMarks(_ marks: [Overlay.Mark], kind: String, into out: inout SVGBuffer) {
        guard !marks.isEmpty else { return }
        let n = SVGBuffer.number
        out.append("<g class=\"\(kind)s\" fill=\"#000\" fill-opacity=\"0\">\n")
        for mark in marks {
            var rect = mark.rect
            if rect.height == 0 { rect = Rect(x: rect.x, y: rect.y - 3, width: rect.width, height: 6) }
            if rect.width == 0 { rect = Rect(x: rect.x - 3, y: rect.y, width: 6, height: rect.height) }
            out.append(
                "<rect class=\"\(kind)\" x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\" ")
            out.append("data-index=\"\(mark.index)\" data-color=\"\(mark.color.hex)\"")
            let names = kind == "threshold" ? ["data-value", "data-value2"] : ["data-time", "data-end"]
            for (name, value) in zip(names, mark.values) {
                out.append(" \(name)=\"\(kind == "threshold" ? number(value) : String(Int64(value)))\"")
            }
            if let label = mark.label { out.append(" data-label=\"\(SVGWriter.escape(label))\"") }
            out.append(">")
            if let label = mark.label { out.append("<title>\(SVGWriter.escape(label))</title>") }
            out.append("</rect>\n")
        }
        out.append("</g>\n")
    }

    /// Shortest exact decimal form of a value (what JavaScript's parseFloat reads back).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
