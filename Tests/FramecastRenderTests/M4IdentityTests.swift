import Foundation
import Testing

@testable import FramecastCore
@testable import FramecastRender

/// M4 correctness (Jugel et al., VLDB 2014): drawing the series reduced to first/min/max/last per
/// device pixel column sets the same pixels as drawing every raw point. The raw reference is a
/// test-only path through all 100k points at their true x; the reduced line is the chart's own.
@Suite struct M4IdentityTests {
    static let count = 100_000
    static let from: EpochMillis = 1_700_000_000_000

    /// Seeded shapes: a random walk; a noisy sine with spikes and a flat stretch; small integer
    /// levels (many points exactly on the same rows, and on the axis ends); narrow spikes, wide
    /// triangular spikes and plateau bursts off a noisy floor.
    static func data(_ shape: String) -> SeriesData {
        var state: UInt64 = shape == "walk" ? 7 : 11
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var value = 100.0
        let values = (0..<count).map { i -> Double in
            if shape == "walk" {
                value += random() * 2 - 1
                return value
            }
            if shape == "levels" { return Double(Int(random() * 5)) }
            if shape == "spikes" {
                // A noisy floor with narrow spikes (one to three points) of any height.
                let spike = i % 1_009 < 3 && i % 3_001 != 0 ? 30 + 60 * random() : 0
                return 20 + 2 * random() + spike
            }
            if shape == "wide" {
                // Triangular spikes 4–24 points wide, of any height, off a noisy floor.
                let phase = i % 2_017
                let width = 4 + (i / 2_017) % 21
                let spike = phase < width ? (30 + Double((i / 2_017) % 7) * 9) * (1 - abs(Double(phase) * 2 / Double(width) - 1)) : 0
                return 20 + 2 * random() + spike
            }
            if shape == "bursts" {
                // Plateaus 2–40 points long at a level of their own, off a noisy floor.
                let phase = i % 1_511
                let length = 2 + (i / 1_511) % 39
                return 20 + 2 * random() + (phase < length ? 20 + Double((i / 1_511) % 5) * 15 : 0)
            }
            if (40_000..<45_000).contains(i) { return 80 }
            let spike = i % 9_973 == 0 ? 60 * random() : 0
            return 100 + 40 * sin(Double(i) / 3_000) + 8 * random() + spike
        }
        // Irregular spacing: 700–1,300 ms between points.
        var time = from
        let times = (0..<count).map { _ -> EpochMillis in
            time += 700 + EpochMillis(random() * 600)
            return time
        }
        return SeriesData(key: SeriesKey(name: shape), times: times, values: values)
    }

    /// The chart as laid out, and the same chart with the series path replaced by every raw point.
    func scenes(_ series: SeriesData, scale: Double, lineWidth: Double?) throws -> (m4: Scene, raw: Scene) {
        try scenes(
            series,
            spec: ChartSpec(
                width: 800, height: 300, scale: scale, from: series.times[0],
                until: series.times[series.count - 1] + 1, title: "M4", kind: .line), lineWidth: lineWidth)
    }

    func scenes(_ series: SeriesData, spec: ChartSpec, lineWidth: Double?) throws -> (m4: Scene, raw: Scene) {
        let result = ChartLayout.layout(spec: spec, series: [series], measurer: CairoTextMeasurer.shared)
        let rawPoints = series.times.indices.map { i in
            Point(result.mapping.x(series.times[i]), result.mapping.y(series.values[i], on: result.valueScale))
        }
        var m4 = result.scene
        var raw = result.scene
        for index in m4.items.indices {
            guard case .path(var path) = m4.items[index], case .series = path.role else { continue }
            if let lineWidth { path.stroke?.width = lineWidth }
            m4.items[index] = .path(path)
            path.subpaths = [rawPoints]
            raw.items[index] = .path(path)
        }
        return (m4, raw)
    }

    func differingPixels(_ a: [UInt8], _ b: [UInt8]) throws -> (count: Int, total: Int) {
        let first = try PNGCodec.decode(a)
        let second = try PNGCodec.decode(b)
        #expect(first.width == second.width && first.height == second.height)
        var count = 0
        for i in stride(from: 0, to: first.rgba.count, by: 4) where first.rgba[i..<i + 4] != second.rgba[i..<i + 4] {
            count += 1
        }
        return (count, first.width * first.height)
    }

    @Test(arguments: ["walk", "sine", "levels", "spikes", "wide", "bursts"], [1.0, 2.0])
    func pixelIdenticalWithoutAntialiasing(shape: String, scale: Double) throws {
        // A one-device-pixel line, as in the M4 paper.
        let (m4, raw) = try scenes(Self.data(shape), scale: scale, lineWidth: 1 / scale)
        let diff = try differingPixels(
            try FrameRenderer.rasterize(m4, antialias: false), try FrameRenderer.rasterize(raw, antialias: false))
        #expect(diff.count == 0, "\(diff.count) of \(diff.total) pixels differ")
    }

    /// Antialiased, a pixel's coverage depends on where within it the raw line runs; lines are
    /// drawn from `LinePath.subColumns` M4 columns per pixel column for that, each through the
    /// raw points `M4Line` keeps (a spike's sides, a wide spike's flanks). A pixel counts as
    /// different when any channel differs by more than `channelTolerance`: Cairo turns coverage
    /// into 8-bit alpha and blends in 8-bit premultiplied colour, so the same stroke through a
    /// different list of vertices lands a level or two off by rounding; that is 1% of the 255
    /// range, far below the smallest visible step (pixelmatch's default threshold, YIQ 0.1, is
    /// about 25 levels of grey), which is counted and bounded as well.
    static let channelTolerance = 2

    @Test(arguments: ["walk", "sine", "spikes", "wide", "bursts"], [1.0, 2.0])
    func withinOnePercentWithAntialiasing(shape: String, scale: Double) throws {
        // The chart's own line width and antialiasing, as users see it.
        let (m4, raw) = try scenes(Self.data(shape), scale: scale, lineWidth: nil)
        let a = try PNGCodec.decode(try FrameRenderer.rasterize(m4))
        let b = try PNGCodec.decode(try FrameRenderer.rasterize(raw))
        var differ = 0
        var visible = 0
        var any = 0
        for i in stride(from: 0, to: a.rgba.count, by: 4) where a.rgba[i..<i + 4] != b.rgba[i..<i + 4] {
            any += 1
            if (0..<4).contains(where: { abs(Int(a.rgba[i + $0]) - Int(b.rgba[i + $0])) > Self.channelTolerance }) { differ += 1 }
            if Self.yiqDistance(a.rgba, b.rgba, at: i) > 0.1 { visible += 1 }
        }
        let total = Double(a.width * a.height)
        func percent(_ count: Int) -> String { "\(count) (\((Double(count) / total * 100 * 1000).rounded() / 1000)%)" }
        print(
            "M4 vs raw, antialiased, \(shape) at \(scale)x: \(Self.seriesPoints(m4)) of \(Self.count) points drawn, "
                + "\(percent(differ)) pixels differ by more than \(Self.channelTolerance)/255 in a channel, \(percent(visible)) visibly, \(percent(any)) at all"
        )
        // Measured: at most 0.23% (walk at 1x).
        #expect(Double(differ) / total <= 0.01)
        // Reduced at 1x (125 points per pixel): the line is drawn through under half the raw
        // points. At 2x (62 per device pixel) it keeps ~70%: there M4 has little to drop.
        if scale == 1 { #expect(Self.seriesPoints(m4) < Self.count / 2) }
        #expect(Double(visible) / total <= 0.005)
        // The raw line was drawn at all: the chart is not blank where the series runs.
        let blank = try PNGCodec.decode(try FrameRenderer.rasterize(Self.blank(m4)))
        #expect(a.rgba != blank.rgba)
    }

    /// A real series (NAB, kept in samples/data/nab) on a chart narrow enough for ~100 points
    /// per pixel column, the density where antialiased M4 and raw lines part.
    @Test(arguments: ["machine_temperature_system_failure", "nyc_taxi"], [1.0, 2.0])
    func realSeriesWithinOnePercent(name: String, scale: Double) throws {
        let series = try Self.nab(name)
        let width = 48 + series.count / 100
        let spec = try ChartSpec(
            width: width, height: 300, scale: scale, from: series.times[0],
            until: series.times[series.count - 1] + 1, kind: .line)
        let (m4, raw) = try scenes(series, spec: spec, lineWidth: nil)
        let a = try PNGCodec.decode(try FrameRenderer.rasterize(m4))
        let b = try PNGCodec.decode(try FrameRenderer.rasterize(raw))
        var differ = 0
        for i in stride(from: 0, to: a.rgba.count, by: 4)
        where (0..<4).contains(where: { abs(Int(a.rgba[i + $0]) - Int(b.rgba[i + $0])) > Self.channelTolerance }) {
            differ += 1
        }
        let share = Double(differ) / Double(a.width * a.height)
        print(
            "M4 vs raw, antialiased, \(name) (\(series.count) points, \(width) px) at \(scale)x: \(differ) pixels (\(share * 100)%) differ")
        // Measured: machine temperature 0.91% at 1x (2.9% before sparse columns kept their
        // steepest few, 3.9% with plain M4), 0.11% at 2x; NYC taxi 0.41% / 0.01%.
        #expect(share <= 0.01)
        let (m4Plain, rawPlain) = try scenes(series, spec: spec, lineWidth: 1 / scale)
        let plain = try differingPixels(
            try FrameRenderer.rasterize(m4Plain, antialias: false), try FrameRenderer.rasterize(rawPlain, antialias: false))
        #expect(plain.count == 0)
    }

    /// A NAB CSV (`timestamp,value`), read by the product's own CSV parser.
    static func nab(_ name: String) throws -> SeriesData {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bytes = try Data(contentsOf: root.appendingPathComponent("samples/data/nab/\(name).csv"))
        var batch = ParsedBatch()
        bytes.withUnsafeBytes { CSVParser.parse($0, options: ParseOptions(defaultSeries: name), into: &batch) }
        #expect(batch.rejectedLines == 0)
        return try #require(batch.seriesData().first)
    }

    /// Points of the scene's series paths.
    static func seriesPoints(_ scene: Scene) -> Int {
        scene.items.reduce(0) { total, item in
            guard case .path(let path) = item, case .series = path.role else { return total }
            return total + path.subpaths.reduce(0) { $0 + $1.count }
        }
    }

    /// The scene without its series paths.
    static func blank(_ scene: Scene) -> Scene {
        var blank = scene
        blank.items.removeAll { if case .path(let path) = $0, case .series = path.role { return true } else { return false } }
        return blank
    }

    /// pixelmatch's colour distance (Kotsarenko & Ramos, YIQ), scaled so 1 is black against white.
    static func yiqDistance(_ a: [UInt8], _ b: [UInt8], at i: Int) -> Double {
        let r = Double(a[i]) - Double(b[i])
        let g = Double(a[i + 1]) - Double(b[i + 1])
        let bl = Double(a[i + 2]) - Double(b[i + 2])
        let y = r * 0.29889531 + g * 0.58662247 + bl * 0.11448223
        let iq = r * 0.59597799 - g * 0.27417610 - bl * 0.32180189
        let q = r * 0.21147017 - g * 0.52261711 + bl * 0.31114694
        return ((0.5053 * y * y + 0.299 * iq * iq + 0.1957 * q * q) / 35215).squareRoot()
    }

    @Test func roundPenWithoutAntialiasingIsMeasured() throws {
        // For the record: Cairo's round pen is not M4-exact, because near a column's extreme the
        // rows it sets depend on the sub-pixel x of the points there. Measured, not asserted.
        let (m4, raw) = try scenes(Self.data("walk"), scale: 1, lineWidth: nil)
        let diff = try differingPixels(
            try FrameRenderer.rasterize(m4, antialias: false, squarePen: false),
            try FrameRenderer.rasterize(raw, antialias: false, squarePen: false))
        print("M4 vs raw, round pen 1.5 px without antialiasing: \(diff.count) of \(diff.total) pixels differ")
        #expect(Double(diff.count) / Double(diff.total) <= 0.01)
    }
}
