import Foundation
import Testing

@testable import FramecastCore
@testable import FramecastRender

/// A series of a million points that never exists: its columns are computed, so a chart of 100 of
/// them costs nothing but still tells the overlay it covers 100 M points.
struct SyntheticSource: ChartSource {
    let key: SeriesKey
    let points: Int
    let phase: Double

    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        let perColumn = max(1, points / width)
        let columns = (0..<width).map { c -> M4Column in
            let start = M4Reducer.columnStart(c, from: from, until: until, width: width)
            let end = M4Reducer.columnStart(c + 1, from: from, until: until, width: width) - 1
            let centre = 50 + 40 * sin(Double(c) / 50 + phase)
            return M4Column(
                count: perColumn, min: centre - 5, max: centre + 5, first: centre - 1, last: centre + 1,
                sum: centre * Double(perColumn), firstTime: start, lastTime: max(start, end))
        }
        return M4Series(from: from, until: until, columns: columns, step: max(1, (until - from) / EpochMillis(points)))
    }
}

@Suite struct OverlayTests {
    func overlay(_ spec: ChartSpec, _ series: [any ChartSource]) throws -> SVGInspector {
        let frame = try FrameRenderer.render(spec: spec, series: series, format: .overlay)
        #expect(frame.format.contentType == "image/svg+xml")
        return try #require(SVGInspector.inspect(frame.bytes), "the overlay must be well-formed XML")
    }

    @Test(arguments: [400, 800, 1600])
    func elementCountFollowsTheWidthNotThePoints(width: Int) throws {
        let spec = try ChartSpec(
            width: width, height: 300, from: 0, until: 86_400_000, title: "100 × 1M",
            thresholds: [Threshold(value: 80, label: "t")], annotations: [Annotation(time: 43_200_000, label: "a")])
        let huge = (0..<100).map { SyntheticSource(key: SeriesKey(name: "s\($0)"), points: 1_000_000, phase: Double($0)) }
        let small = (0..<100).map { SyntheticSource(key: SeriesKey(name: "s\($0)"), points: 1_000, phase: Double($0)) }
        let big = try overlay(spec, huge)
        let few = try overlay(spec, small)
        let targets = big.elements.filter { $0.attributes["class"] == "hover" && $0.name == "rect" }
        #expect(targets.count <= width / 2)
        // One title per target, two elements per series entry and mark, and a handful of others.
        #expect(big.elements.count <= width + 2 * 100 + 2 * 2 + 10, "\(big.elements.count) elements")
        #expect(big.elements.count == few.elements.count, "the point count changes nothing")
        #expect(targets.allSatisfy { $0.attributes["data-s99"] != nil }, "every series is in every target")
    }

    @Test func plotRectangleCarriesTheMappings() throws {
        let series = [sineSeries("a"), sineSeries("lat", amplitude: 0.1)]
        let chart = try ChartSpec(
            width: 640, height: 240, scale: 2, from: series[0].times[0], until: series[0].times.last! + 1,
            timeZone: "Europe/Berlin", leftAxis: AxisSpec(log: true), rightAxis: AxisSpec(unit: .duration),
            rightSeries: [Glob("lat")])
        let svg = try overlay(chart, series)
        let root = svg.elements[0]
        #expect(root.name == "svg" && root.attributes["width"] == "1280" && root.attributes["viewBox"] == "0 0 640 240")
        let plot = try #require(svg.elements.first { $0.attributes["class"] == "plot" }?.attributes)
        let layout = ChartLayout.layout(spec: chart, series: series, measurer: CairoTextMeasurer.shared)
        #expect(Double(plot["x"]!) == layout.scene.plot.x && Double(plot["width"]!) == layout.scene.plot.width)
        #expect(plot["data-from"] == String(chart.from) && plot["data-until"] == String(chart.until))
        #expect(plot["data-log"] == "1" && Double(plot["data-ymin"]!) == layout.valueScale.lower)
        #expect(plot["data-y2log"] == "0" && plot["data-y2unit"] == "duration" && plot["data-tz"] == "Europe/Berlin")
        let entries = svg.elements.filter { $0.attributes["class"] == "series" }
        #expect(entries.map { $0.attributes["data-axis"] } == ["left", "right"])
        #expect(!svg.elements.contains { ["script", "style", "foreignObject"].contains($0.name) })
    }

    /// For a known series at scale 1 and 2, the overlay's hover point for a column — its last
    /// point there, mapped through the plot rectangle's data attributes — lies on the drawn line
    /// in the PNG, within one pixel.
    @Test(arguments: [1.0, 2.0], [ChartKind.line, .step, .area])
    func hoverPointsSitOnTheDrawnLine(scale: Double, kind: ChartKind) throws {
        let series = sineSeries("a", points: 3000)
        let chart = try ChartSpec(width: 700, height: 260, scale: scale, from: series.times[0], until: series.times.last! + 1, kind: kind)
        let png = try PNGCodec.decode(try FrameRenderer.render(spec: chart, series: [series], format: .png).bytes)
        let svg = try overlay(chart, [series])
        let plot = try #require(svg.elements.first { $0.attributes["class"] == "plot" }?.attributes)
        func number(_ key: String) -> Double { Double(plot[key]!)! }
        let (px, py, pw, ph) = (number("x"), number("y"), number("width"), number("height"))
        let (from, until, ymin, ymax) = (number("data-from"), number("data-until"), number("data-ymin"), number("data-ymax"))
        let color = Theme.light.color(forSeries: 0)
        let targets = svg.elements.filter { $0.attributes["class"] == "hover" && $0.name == "rect" }
        var checked = 0
        for target in targets.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
            guard let value = target.attributes["data-s0"] else { continue }
            let parts = value.split(separator: " ").compactMap { Double($0) }
            let (last, lastTime) = (parts[2], parts[3])
            let x = px + (lastTime - from) / (until - from) * pw
            let y = py + ph - (last - ymin) / (ymax - ymin) * ph
            #expect(
                png.isNear(color, x: x, y: y, scale: scale, radius: Int(scale), tolerance: 40),
                "\(kind) at \(scale)x: hover point (\(x), \(y)) is off the line")
            checked += 1
        }
        #expect(checked > 80)
    }

    @Test func marksAndLegendEntries() throws {
        let series = [sineSeries("a"), sineSeries("b", phase: 1)]
        let chart = try ChartSpec(
            from: series[0].times[0], until: series[0].times.last! + 1, legend: LegendSpec(stats: [.max]),
            thresholds: [Threshold(value: 120, label: "warn"), Threshold(value: 60, to: 70)],
            annotations: [
                Annotation(time: series[0].times[500], label: "deploy"),
                Annotation(time: series[0].times[900], end: series[0].times[1000])
            ])
        let svg = try overlay(chart, series)
        let thresholds = svg.elements.filter { $0.attributes["class"] == "threshold" }
        #expect(thresholds.map { $0.attributes["data-value"] } == ["120", "60"] && thresholds[1].attributes["data-value2"] == "70")
        #expect(thresholds[0].attributes["data-label"] == "warn")
        let annotations = svg.elements.filter { $0.attributes["class"] == "annotation" }
        #expect(annotations.map { $0.attributes["data-time"] } == [String(series[0].times[500]), String(series[0].times[900])])
        #expect(annotations[1].attributes["data-end"] == String(series[0].times[1000]))
        let entries = svg.elements.filter { $0.attributes["class"] == "series" }
        #expect(entries.map { $0.attributes["data-series"] } == ["a", "b"])
        #expect(entries.allSatisfy { Double($0.attributes["width"] ?? "0")! > 10 && $0.attributes["data-max"] != nil })
    }

    /// No script in any SVG we emit, and every label — title, series name, axis titles, threshold
    /// and annotation labels — stays text.
    @Test(arguments: [FrameFormat.svg, .overlay])
    func hostileLabelsStayText(format: FrameFormat) throws {
        let hostile = "]]></script><svg onload=alert(1)>&\"'<!--"
        let series = SeriesData(
            key: SeriesKey(name: hostile, tags: [.init("host", "<b>")]), times: (0..<100).map { EpochMillis($0) * 60_000 },
            values: (0..<100).map { Double($0) })
        let chart = try ChartSpec(
            from: 0, until: 100 * 60_000, title: hostile, leftAxis: AxisSpec(label: hostile),
            legend: LegendSpec(stats: [.last]), thresholds: [Threshold(value: 50, label: hostile)],
            annotations: [Annotation(time: 30 * 60_000, label: hostile)])
        let frame = try FrameRenderer.render(spec: chart, series: [series], format: format)
        let svg = try #require(SVGInspector.inspect(frame.bytes), "well-formed despite the labels")
        #expect(svg.elements.filter { $0.name == "svg" }.count == 1)
        #expect(!svg.elements.contains { $0.name.lowercased() == "script" })
        #expect(!svg.elements.contains { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } })
        let text = String(decoding: frame.bytes, as: UTF8.self)
        #expect(!text.contains("<script") && !text.contains("<!--") && !text.contains("]]>"))
        if format == .svg {
            #expect(svg.text.contains(hostile), "title, axis title and labels are text")
            #expect(svg.elements.first { $0.attributes["class"] == "series" }?.attributes["data-series"] == series.key.description)
        } else {
            #expect(
                svg.elements.first { $0.attributes["class"] == "series" }?.attributes["data-series"] == hostile + "{host=<b>}"
                    || svg.elements.first { $0.attributes["class"] == "series" }?.attributes["data-series"] == hostile)
            #expect(svg.elements.first { $0.attributes["class"] == "threshold" }?.attributes["data-label"] == hostile)
            #expect(svg.elements.first { $0.attributes["class"] == "annotation" }?.attributes["data-label"] == hostile)
            #expect(svg.text.contains(hostile), "titles are text")
        }
    }
}
