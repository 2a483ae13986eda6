import Foundation
import Testing

@testable import FramecastCore

@Suite struct ChartSpecTests {
    @Test func boundsAreEnforcedWithMessages() {
        #expect(throws: ChartSpecError.widthOutOfRange(9000, allowed: 16...8192)) { try ChartSpec(width: 9000, from: 0, until: 1) }
        #expect(throws: ChartSpecError.heightOutOfRange(8, allowed: 16...8192)) { try ChartSpec(height: 8, from: 0, until: 1) }
        #expect(throws: ChartSpecError.scaleOutOfRange(5, allowed: 1...4)) { try ChartSpec(scale: 5, from: 0, until: 1) }
        #expect(throws: ChartSpecError.tooManyPixels(width: 16000, height: 16000, limit: 16_777_216)) {
            try ChartSpec(width: 4000, height: 4000, scale: 4, from: 0, until: 1)
        }
        #expect(throws: ChartSpecError.emptyTimeRange(from: 5, until: 5)) { try ChartSpec(from: 5, until: 5) }
        #expect(throws: ChartSpecError.unknownTimeZone("Mars/Olympus")) { try ChartSpec(from: 0, until: 1, timeZone: "Mars/Olympus") }
        #expect(throws: ChartSpecError.tooManySeries(101, limit: 100)) { try ChartSpec.validate(seriesCount: 101) }
        #expect(ChartSpecError.widthOutOfRange(9000, allowed: 16...8192).description.contains("16…8192"))
        #expect(ChartSpecError.tooManyPixels(width: 16000, height: 16000, limit: 16_777_216).description.contains("16 Mpx"))
    }

    @Test func chartOptionsAreValidated() {
        #expect(throws: ChartSpecError.axisRangeEmpty(side: "left", min: 10, max: 5)) {
            try ChartSpec(from: 0, until: 1, leftAxis: AxisSpec(min: 10, max: 5))
        }
        #expect(throws: ChartSpecError.logAxisNeedsPositiveMin(side: "left", min: 0)) {
            try ChartSpec(from: 0, until: 1, leftAxis: AxisSpec(min: 0, log: true))
        }
        #expect(throws: ChartSpecError.notFinite(option: "right y-axis max")) {
            try ChartSpec(from: 0, until: 1, rightAxis: AxisSpec(max: .infinity))
        }
        #expect(throws: ChartSpecError.stackedNeedsLinearAxis) {
            try ChartSpec(from: 0, until: 1, kind: .stacked, leftAxis: AxisSpec(log: true))
        }
        #expect(throws: ChartSpecError.thresholdNotPositive(-1)) {
            try ChartSpec(from: 0, until: 1, leftAxis: AxisSpec(log: true), thresholds: [Threshold(value: -1)])
        }
        #expect(throws: ChartSpecError.tooMany("thresholds", 21, limit: 20)) {
            try ChartSpec(from: 0, until: 1, thresholds: Array(repeating: Threshold(value: 1), count: 21))
        }
        #expect(throws: ChartSpecError.tooMany("annotations", 51, limit: 50)) {
            try ChartSpec(from: 0, until: 1, annotations: Array(repeating: Annotation(time: 0), count: 51))
        }
        #expect(throws: ChartSpecError.annotationEndsBeforeStart(start: 5, end: 5)) {
            try ChartSpec(from: 0, until: 10, annotations: [Annotation(time: 5, end: 5)])
        }
        #expect(throws: ChartSpecError.labelTooLong(option: "left y-axis label", length: 101, limit: 100)) {
            try ChartSpec(from: 0, until: 1, leftAxis: AxisSpec(label: String(repeating: "x", count: 101)))
        }
        #expect(
            ChartSpecError.axisRangeEmpty(side: "left", min: 10, max: 5).description == "left y-axis min (10) must be below its max (5)")
    }

    @Test func wordsParseWithTheChoicesInTheMessage() throws {
        #expect(try ChartKind(parsing: "Stacked") == .stacked)
        #expect(try ChartKind(parsing: "stacked-area") == .stacked)
        #expect(try ValueUnit(parsing: "binary") == .binary)
        #expect(try MissingData(parsing: "zero") == .zero)
        #expect(try Theme(parsing: "transparent").background == nil)
        #expect(try LegendStat(parsing: "avg") == .avg)
        #expect(throws: ChartSpecError.self) { try ChartKind(parsing: "pie") }
        do {
            _ = try ChartKind(parsing: "pie")
        } catch {
            #expect(error.description == "unknown chart kind 'pie': use auto, line, step, area, stacked or band")
        }
        do {
            _ = try ValueUnit(parsing: "furlongs")
        } catch {
            #expect(error.description == "unknown unit 'furlongs': use none, si, binary or duration")
        }
    }

    @Test func colorOverridesParseAndApply() throws {
        let override = try SeriesColor(parsing: "cpu;host=a=#ff0000")
        #expect(override.glob.pattern == "cpu;host=a" && override.color == Color(red: 255, green: 0, blue: 0))
        #expect(throws: ChartSpecError.invalidSeriesColor("cpu.*")) { try SeriesColor(parsing: "cpu.*") }
        #expect(throws: ChartSpecError.invalidColor("#12345")) { try SeriesColor(parsing: "cpu=#12345") }
        let spec = try ChartSpec(from: 0, until: 1, colors: [try SeriesColor(parsing: "b*=#123456")])
        #expect(spec.color(for: SeriesKey(name: "b1"), index: 0) == Color(hex: "#123456"))
        #expect(spec.color(for: SeriesKey(name: "a"), index: 1) == Theme.light.color(forSeries: 1))
    }
}

@Suite struct MarkParsingTests {
    @Test func thresholds() throws {
        let line = try Threshold(parsing: "90")
        #expect(line.low == 90 && line.high == nil && line.color == nil && line.label == nil)
        let labelled = try Threshold(parsing: "90:SLO: p99 < 1s")
        #expect(labelled.low == 90 && labelled.label == "SLO: p99 < 1s")
        let band = try Threshold(parsing: "95:80:#e69f0040:warning")
        #expect(band.low == 80 && band.high == 95 && band.color == Color(hex: "#e69f0040") && band.label == "warning")
        let negative = try Threshold(parsing: "-5:#0072b2")
        #expect(negative.low == -5 && negative.color == Color(hex: "#0072b2") && negative.label == nil)
        #expect(throws: ChartSpecError.self) { try Threshold(parsing: "") }
        #expect(throws: ChartSpecError.self) { try Threshold(parsing: "high:label") }
        #expect(throws: ChartSpecError.self) { try Threshold(parsing: "5:#zzzzzz:x") }
        #expect(throws: ChartSpecError.self) { try Threshold(parsing: "5:5") }
        #expect(throws: ChartSpecError.self) { try Threshold(parsing: "nan") }
        do {
            _ = try Threshold(parsing: "high")
        } catch {
            #expect(error.description.contains("'high' is not a number") && error.description.contains("VALUE[:VALUE2]"))
        }
    }

    @Test func annotations() throws {
        let now: EpochMillis = 1_700_000_000_000
        let line = try Annotation(parsing: "2014-11-02T01:30:00:deploy v2: canary", now: now)
        #expect(line.time == 1_414_891_800_000 && line.end == nil && line.label == "deploy v2: canary")
        let minutes = try Annotation(parsing: "2014-11-02T01:30:deploy", now: now)
        #expect(minutes.time == 1_414_891_800_000 && minutes.label == "deploy")
        let span = try Annotation(parsing: "2014-11-02/2014-11-03:outage", now: now)
        #expect(span.time == 1_414_886_400_000 && span.end == 1_414_972_800_000 && span.label == "outage")
        let relative = try Annotation(parsing: "-2h/-1h", now: now)
        #expect(relative.time == now - 7_200_000 && relative.end == now - 3_600_000 && relative.label == nil)
        let zoned = try Annotation(
            parsing: "2014-07-01 00:30:00:x", now: now,
            parser: TimestampParser(naiveZone: TimeZone(identifier: "America/New_York")))
        #expect(zoned.time == 1_404_174_600_000 + 4 * 3_600_000)
        #expect(throws: ChartSpecError.self) { try Annotation(parsing: "yesterday:oops", now: now) }
        #expect(throws: ChartSpecError.annotationEndsBeforeStart(start: 1_414_972_800_000, end: 1_414_886_400_000)) {
            try Annotation(parsing: "2014-11-03/2014-11-02", now: now)
        }
    }
}

@Suite struct ChartLayoutTests {
    func series(_ name: String, _ values: [Double]) -> SeriesData {
        SeriesData(key: SeriesKey(name: name), times: values.indices.map { EpochMillis($0) * 60_000 }, values: values)
    }

    @Test func onePathPerSeriesInsideThePlot() throws {
        let spec = try ChartSpec(from: 0, until: 100 * 60_000, title: "t")
        let data = [series("a", (0..<100).map { Double($0) }), series("b", (0..<100).map { Double(100 - $0) })]
        let result = ChartLayout.layout(spec: spec, series: data, measurer: ApproximateTextMeasurer())
        let paths = result.scene.items.compactMap { item -> ScenePath? in
            if case .path(let path) = item, case .series = path.role { return path }
            return nil
        }
        #expect(paths.count == 2)
        for path in paths {
            #expect(path.subpaths.count == 1)
            for point in path.subpaths.joined() {
                #expect(result.scene.plot.contains(point))
            }
        }
        #expect(result.valueScale.lower <= 0 && result.valueScale.upper >= 100)
        #expect(result.reduced[0].width == Int(result.scene.plot.width))
    }

    @Test func gapsBreakTheLine() throws {
        var times = (0..<50).map { EpochMillis($0) * 60_000 }
        times += (150..<200).map { EpochMillis($0) * 60_000 }
        let data = SeriesData(key: SeriesKey(name: "gappy"), times: times, values: times.map { Double($0 % 7) })
        let spec = try ChartSpec(from: 0, until: 200 * 60_000)
        let result = ChartLayout.layout(spec: spec, series: [data], measurer: ApproximateTextMeasurer())
        let path = result.scene.items.compactMap { item -> ScenePath? in
            if case .path(let path) = item, case .series = path.role { return path }
            return nil
        }.first
        #expect(path?.subpaths.count == 2)
    }

    @Test func legendLabelsKeepOnlyDistinguishingTags() {
        let keys = [
            SeriesKey(name: "cpu", tags: [.init("host", "a"), .init("dc", "eu")]),
            SeriesKey(name: "cpu", tags: [.init("host", "b"), .init("dc", "eu")])
        ]
        #expect(SeriesLabels.labels(for: keys) == ["cpu{host=a}", "cpu{host=b}"])
        #expect(SeriesLabels.labels(for: [keys[0]]) == ["cpu"])
    }
}
