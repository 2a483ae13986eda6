import Foundation
import Testing

@testable import FramecastCore

/// Scene structure per chart kind and option, without a raster (pixels are checked in
/// FramecastRenderTests).
@Suite struct ChartKindLayoutTests {
    static let minute: EpochMillis = 60_000
    let measurer = ApproximateTextMeasurer()

    func series(_ name: String, _ times: [EpochMillis], _ value: (Int) -> Double) -> SeriesData {
        SeriesData(key: SeriesKey(name: name), times: times, values: times.indices.map(value))
    }

    func layout(_ spec: ChartSpec, _ data: [SeriesData]) -> ChartLayout.Result {
        ChartLayout.layout(spec: spec, series: data, measurer: measurer)
    }

    /// 0–49 and 150–199 minutes: a 100-minute silence in the middle.
    var gappyTimes: [EpochMillis] { (0..<50).map { $0 * Self.minute } + (150..<200).map { $0 * Self.minute } }

    @Test(arguments: [(MissingData.gap, 2), (.connect, 1), (.zero, 1)])
    func missingDataModes(mode: MissingData, subpaths: Int) throws {
        let data = series("gappy", gappyTimes) { 10 + Double($0 % 7) }
        let result = layout(try ChartSpec(from: 0, until: 200 * Self.minute, kind: .line, missing: mode), [data])
        let path = try #require(result.scene.paths { if case .series = $0 { true } else { false } }.first)
        #expect(path.subpaths.count == subpaths)
        let zeroY = result.mapping.y(0, on: result.valueScale)
        let gapStart = result.mapping.x(49 * Self.minute)
        let gapEnd = result.mapping.x(150 * Self.minute)
        let inGap = path.subpaths.joined().filter { $0.x > gapStart && $0.x < gapEnd }
        switch mode {
        case .gap, .connect: #expect(inGap.isEmpty)
        case .zero:
            #expect(inGap.count >= 2 && inGap.allSatisfy { $0.y == zeroY }, "the line runs along zero across the gap")
            #expect(result.valueScale.lower <= 0)
        }
    }

    @Test func lineKeepsFirstAndLastAtTheirTimes() throws {
        // 12 points a minute over 200 minutes at 200 px: several points per column.
        let times = (0..<2400).map { EpochMillis($0) * 5000 }
        let data = series("dense", times) { sin(Double($0) / 40) * 10 }
        let result = layout(try ChartSpec(width: 300, height: 200, from: 0, until: 2400 * 5000, kind: .line), [data])
        let points = Set(result.scene.seriesPaths[0].subpaths.joined().map { "\($0.x),\($0.y)" })
        let m4 = result.reduced[0]
        for column in m4.columns where column.count > 1 {
            let y = { result.mapping.y($0, on: result.valueScale) }
            #expect(points.contains("\(result.mapping.x(column.firstTime)),\(y(column.first))"))
            #expect(points.contains("\(result.mapping.x(column.lastTime)),\(y(column.last))"))
        }
    }

    @Test func stackedTopsAreSums() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let a = series("a", times) { _ in 10 }
        let b = series("b", times) { _ in 20 }
        let c = series("c", times) { _ in 5 }
        let result = layout(try ChartSpec(from: 0, until: 100 * Self.minute, kind: .stacked), [a, b, c])
        let y = { result.mapping.y($0, on: result.valueScale) }
        let lines = result.scene.seriesPaths
        #expect(lines.count == 3)
        for (line, sum) in zip(lines, [10.0, 30, 35]) {
            let ys = Set(line.subpaths.joined().map(\.y))
            #expect(ys == [y(sum)], "the top of each layer is the running sum")
        }
        let fills = result.scene.paths { if case .seriesFill = $0 { true } else { false } }
        #expect(fills.count == 3)
        // The second layer is filled between 10 and 30.
        #expect(Set(fills[1].subpaths.joined().map(\.y)) == [y(10), y(30)])
        #expect(result.valueScale.lower == 0 && result.valueScale.upper >= 35)
    }

    @Test func areaClosesToZero() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let result = layout(try ChartSpec(from: 0, until: 100 * Self.minute, kind: .area), [series("a", times) { 50 + Double($0 % 10) }])
        let fill = try #require(result.scene.paths { if case .seriesFill = $0 { true } else { false } }.first)
        let zero = result.mapping.y(0, on: result.valueScale)
        #expect(result.valueScale.lower == 0)
        let ring = fill.subpaths[0]
        #expect(ring.suffix(2).allSatisfy { $0.y == zero }, "closed along the zero line")
        #expect(fill.fill?.alpha == ChartLayout.areaAlpha)
    }

    @Test func autoPicksBandForDenseData() throws {
        let times = (0..<50_000).map { EpochMillis($0) * 1000 }
        let data = series("dense", times) { Double($0 % 97) }
        let result = layout(try ChartSpec(width: 400, from: 0, until: 50_000_000), [data])
        #expect(result.kind == .band)
        let band = try #require(result.scene.paths { if case .seriesFill = $0 { true } else { false } }.first)
        // Each column's bar spans exactly one device column.
        let xs = Set(band.subpaths.joined().map(\.x)).sorted()
        for (a, b) in zip(xs, xs.dropFirst()) { #expect(abs(b - a - 1) < 1e-9) }
        let sparse = layout(
            try ChartSpec(width: 400, from: 0, until: 100 * Self.minute), [series("s", (0..<100).map { $0 * Self.minute }) { Double($0) }])
        #expect(sparse.kind == .line)
    }

    @Test func stepHoldsEachValue() throws {
        let times = (0..<10).map { $0 * 10 * Self.minute }
        let result = layout(try ChartSpec(from: 0, until: 100 * Self.minute, kind: .step), [series("s", times) { Double($0 * $0) }])
        let points = result.scene.seriesPaths[0].subpaths[0]
        for (a, b) in zip(points, points.dropFirst()) {
            #expect(a.x == b.x || a.y == b.y, "only horizontal and vertical segments")
        }
        #expect(points.count == 2 * 10, "a rise and a run per point")
    }

    @Test func logScaleLeavesOutNonPositiveValuesAndSaysSo() throws {
        let times = (0..<200).map { $0 * Self.minute }
        let data = series("x", times) { $0 >= 100 && $0 < 120 ? 0 : pow(10, Double($0 % 5)) }
        let result = layout(try ChartSpec(from: 0, until: 200 * Self.minute, kind: .line, leftAxis: AxisSpec(log: true)), [data])
        #expect(result.valueScale.log && result.valueScale.lower == 1 && result.valueScale.upper == 10_000)
        #expect(result.scene.texts.contains { $0.role == .note && $0.text.contains("log scale") })
        #expect(result.overlay.note != nil)
        #expect(result.scene.seriesPaths[0].subpaths.count == 2, "the run of zeros breaks the line")
    }

    @Test func sparklineHasNoTextAxesOrLegend() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let spec = try ChartSpec(
            width: 200, height: 40, from: 0, until: 100 * Self.minute, title: "hidden",
            thresholds: [Threshold(value: 50, label: "hidden too")], sparkline: true)
        let result = layout(spec, [series("a", times) { Double($0) }])
        #expect(result.scene.texts.isEmpty)
        #expect(result.scene.paths { $0 == .grid || $0 == .axis }.isEmpty)
        #expect(result.scene.plot.minX <= 2 && result.scene.plot.maxX >= 198)
        #expect(result.scene.paths { if case .threshold = $0 { true } else { false } }.count == 1, "the line stays, its label goes")
    }

    @Test func rightAxisHasItsOwnTicks() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let spec = try ChartSpec(
            from: 0, until: 100 * Self.minute, rightAxis: AxisSpec(unit: .duration, label: "latency"),
            rightSeries: [Glob("latency")])
        let result = layout(spec, [series("rate", times) { Double($0) * 100 }, series("latency", times) { 0.1 + Double($0) / 1000 }])
        let right = try #require(result.rightScale)
        #expect(right.upper < 1 && result.valueScale.upper >= 9900)
        let tickLabels = result.scene.texts.filter { $0.role == .tickLabel && $0.anchor == .start }
        #expect(tickLabels.map(\.text) == right.labels)
        #expect(tickLabels.allSatisfy { $0.position.x > result.scene.plot.maxX })
        #expect(right.labels.contains("100ms"))
        #expect(result.scene.texts.contains { $0.text == "latency" && $0.vertical })
        #expect(result.overlay.series[1].rightAxis && !result.overlay.series[0].rightAxis)
        // The latency line is placed on the right axis.
        let y = result.mapping.y(0.1, on: right)
        #expect(result.scene.seriesPaths[1].subpaths[0][0].y == y)
    }

    @Test func marksSitAtTheirValuesAndTimes() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let spec = try ChartSpec(
            from: 0, until: 100 * Self.minute,
            thresholds: [Threshold(value: 80, label: "high"), Threshold(value: 20, to: 40, label: "band")],
            annotations: [
                Annotation(time: 30 * Self.minute, label: "deploy"),
                Annotation(time: 60 * Self.minute, end: 70 * Self.minute, label: "outage")
            ])
        let result = layout(spec, [series("a", times) { Double($0) }])
        let line = try #require(result.scene.paths { $0 == .threshold(index: 0) }.first)
        #expect(line.subpaths[0].allSatisfy { $0.y == AxisLayout.crisp(result.mapping.y(80, on: result.valueScale)) })
        let band = try #require(result.scene.rects { $0 == .threshold(index: 1) }.first)
        #expect(band.minY == result.mapping.y(40, on: result.valueScale) && band.maxY == result.mapping.y(20, on: result.valueScale))
        let marker = try #require(result.scene.paths { $0 == .annotation(index: 0) }.first)
        #expect(marker.subpaths[0].allSatisfy { $0.x == AxisLayout.crisp(result.mapping.x(30 * Self.minute)) })
        let span = try #require(result.scene.rects { $0 == .annotation(index: 1) }.first)
        #expect(span.minX == result.mapping.x(60 * Self.minute) && span.maxX == result.mapping.x(70 * Self.minute))
        #expect(Set(result.scene.texts.map(\.text)).isSuperset(of: ["high", "band", "deploy", "outage"]))
        #expect(result.overlay.thresholds.count == 2 && result.overlay.annotations.count == 2)
    }

    @Test func legendStatsAndColourOverrides() throws {
        let times = (0..<100).map { $0 * Self.minute }
        let spec = try ChartSpec(
            from: 0, until: 100 * Self.minute, leftAxis: AxisSpec(unit: .binary),
            colors: [SeriesColor(glob: Glob("b"), color: Color(hex: "#123456")!)],
            legend: LegendSpec(stats: [.last, .max]))
        let result = layout(spec, [series("a", times) { Double($0) * 1024 }, series("b", times) { _ in 7 }])
        let labels = result.scene.texts.filter { if case .legendLabel = $0.role { true } else { false } }.map(\.text)
        #expect(labels == ["a   last 99 KiB  max 99 KiB", "b   last 7 B  max 7 B"])
        #expect(result.scene.seriesPaths[1].stroke?.color == Color(hex: "#123456"))
        #expect(result.scene.rects { $0 == .legendSwatch(series: 1) }.count == 1)
    }

    @Test func overlayTargetsFollowTheWidth() throws {
        let times = (0..<100_000).map { EpochMillis($0) * 1000 }
        let data = (0..<3).map { index in series("s\(index)", times) { Double(($0 * (index + 3)) % 101) } }
        for scale in [1.0, 2.0] {
            let result = layout(try ChartSpec(width: 600, scale: scale, from: 0, until: 100_000_000), data)
            let overlay = result.overlay
            #expect(overlay.targets.count <= 600 / 2)
            #expect(overlay.targets.count >= Int(result.scene.plot.width / 2) - 1)
            // Targets tile the plot and the time range without gaps.
            #expect(overlay.targets.first?.x == result.scene.plot.minX && overlay.targets.first?.from == 0)
            for (a, b) in zip(overlay.targets, overlay.targets.dropFirst()) {
                #expect(abs(a.x + a.width - b.x) < 1e-9 && a.until == b.from)
            }
            #expect(overlay.targets.last?.until == 100_000_000)
            let target = overlay.targets[10]
            #expect(target.values.count == 3 && target.values.allSatisfy { $0 != nil })
            #expect(target.title.split(separator: "\n").count == 4)
        }
    }
}

extension Scene {
    func paths(where role: (SceneRole) -> Bool) -> [ScenePath] {
        items.compactMap { item in
            if case .path(let path) = item, role(path.role) { return path }
            return nil
        }
    }

    func rects(where role: (SceneRole) -> Bool) -> [Rect] {
        items.compactMap { item in
            if case .rect(let rect) = item, role(rect.role) { return rect.rect }
            return nil
        }
    }

    var seriesPaths: [ScenePath] { paths { if case .series = $0 { true } else { false } } }

    var texts: [SceneText] {
        items.compactMap { item in
            if case .text(let text) = item { return text }
            return nil
        }
    }
}
