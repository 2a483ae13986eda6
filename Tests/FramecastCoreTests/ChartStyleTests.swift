import FramecastCore
import Testing

/// Graphite's graph parameters as the chart style carries them: hidden axis parts, line width,
/// font scale, unique legend entries.
@Suite struct ChartStyleTests {
    let data = [
        SeriesData(key: SeriesKey(name: "a"), times: (0..<50).map { EpochMillis($0) * 60_000 }, values: (0..<50).map(Double.init)),
        SeriesData(key: SeriesKey(name: "a"), times: (0..<50).map { EpochMillis($0) * 60_000 }, values: (0..<50).map { Double(50 - $0) })
    ]

    func roles(_ style: ChartStyle) throws -> [SceneRole] {
        var spec = try ChartSpec(from: 0, until: 50 * 60_000, kind: .line, leftAxis: AxisSpec(label: "v"))
        spec.style = style
        return ChartLayout.layout(spec: spec, series: data, measurer: ApproximateTextMeasurer()).scene.items.map { item in
            switch item {
            case .path(let p): p.role
            case .text(let t): t.role
            case .rect(let r): r.role
            }
        }
    }

    @Test func hiddenPartsAreLeftOut() throws {
        let all = try roles(ChartStyle())
        #expect(all.contains(.grid) && all.contains(.tickLabel) && all.contains(.axisTitle))
        let noGrid = try roles(ChartStyle(hideGrid: true))
        #expect(!noGrid.contains(.grid) && noGrid.contains(.tickLabel))
        let noAxes = try roles(ChartStyle(hideAxes: true))
        #expect(noAxes.contains(.grid) && !noAxes.contains(.tickLabel) && !noAxes.contains(.axisTitle), "the grid stays, as in Graphite")
        let noY = try roles(ChartStyle(hideYAxis: true))
        #expect(
            noY.filter { $0 == .tickLabel }.count < all.filter { $0 == .tickLabel }.count && noY.contains(.tickLabel), "time labels stay")
    }

    @Test func uniqueLegendAndSizes() throws {
        var spec = try ChartSpec(from: 0, until: 50 * 60_000, kind: .line)
        spec.style = ChartStyle(lineWidth: 4, fontScale: 2, uniqueLegend: true)
        let items = ChartLayout.layout(spec: spec, series: data, measurer: ApproximateTextMeasurer()).scene.items
        let legend = items.compactMap { item -> SceneText? in
            if case .text(let t) = item, case .legendLabel = t.role { return t }
            return nil
        }
        #expect(legend.count == 1 && legend[0].size == 22)
        let widths = items.compactMap { item -> Double? in
            if case .path(let p) = item, case .series = p.role { return p.stroke?.width }
            return nil
        }
        #expect(widths == [4, 4])
        #expect(ChartStyle(fontScale: 100).fontScale == ChartStyle.fontScaleRange.upperBound)
    }
}
