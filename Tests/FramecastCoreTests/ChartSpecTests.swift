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
        let keys = [SeriesKey(name: "cpu", tags: [.init("host", "a"), .init("dc", "eu")]),
                    SeriesKey(name: "cpu", tags: [.init("host", "b"), .init("dc", "eu")])]
        #expect(SeriesLabels.labels(for: keys) == ["cpu{host=a}", "cpu{host=b}"])
        #expect(SeriesLabels.labels(for: [keys[0]]) == ["cpu"])
    }
}
