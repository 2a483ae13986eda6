import Foundation
import Testing

@testable import FramecastCore
@testable import FramecastRender

/// Each chart kind and mark, checked where its pixels land in the PNG.
@Suite struct ChartKindPixelTests {
    static let start: EpochMillis = 1_700_000_000_000
    static let minute: EpochMillis = 60_000

    func constant(_ name: String, _ value: Double, points: Int = 100) -> SeriesData {
        SeriesData(
            key: SeriesKey(name: name), times: (0..<points).map { Self.start + EpochMillis($0) * Self.minute },
            values: Array(repeating: value, count: points))
    }

    func spec(
        kind: ChartKind, points: Int = 100, scale: Double = 1, theme: Theme = .light, leftAxis: AxisSpec = AxisSpec(),
        thresholds: [Threshold] = [], annotations: [Annotation] = [], sparkline: Bool = false,
        width: Int = 800, height: Int = 300
    ) throws -> ChartSpec {
        try ChartSpec(
            width: width, height: height, scale: scale, from: Self.start, until: Self.start + EpochMillis(points) * Self.minute,
            theme: theme, kind: kind, leftAxis: leftAxis, thresholds: thresholds, annotations: annotations, sparkline: sparkline)
    }

    /// Renders and returns the image with the layout that placed it.
    func render(_ spec: ChartSpec, _ series: [SeriesData]) throws -> (image: PNGCodec.Image, layout: ChartLayout.Result) {
        let layout = ChartLayout.layout(spec: spec, series: series, measurer: CairoTextMeasurer.shared)
        return (try PNGCodec.decode(try FrameRenderer.rasterize(layout.scene)), layout)
    }

    @Test(arguments: [1.0, 2.0])
    func areaFillsBelowTheLineAndNotAbove(scale: Double) throws {
        let (image, layout) = try render(
            try spec(kind: .area, scale: scale, leftAxis: AxisSpec(min: 0, max: 100)),
            [constant("a", 50)])
        let color = Theme.light.color(forSeries: 0)
        let fill = color.blended(alpha: ChartLayout.areaAlpha, over: Theme.light.background!)
        let x = layout.mapping.columnCentre(300)
        let line = layout.mapping.y(50, on: layout.valueScale)
        let zero = layout.mapping.y(0, on: layout.valueScale)
        var below = 0
        var belowFilled = 0
        for y in stride(from: line + 3, to: zero - 2, by: 1) {
            below += 1
            if image.isNear(fill, x: x, y: y, scale: scale) { belowFilled += 1 }
        }
        #expect(below > 50 && Double(belowFilled) / Double(below) > 0.9, "\(belowFilled) of \(below) pixels below the line are filled")
        for y in stride(from: layout.scene.plot.minY + 1, to: line - 3, by: 1) {
            do {
                let ok = !image.isNear(fill, x: x, y: y, scale: scale) && !image.isNear(color, x: x, y: y, scale: scale)
                #expect(ok, "nothing above the line at y \(y)")
            }
        }
        do {
            let ok = image.hasInk(color, x: x, y: line, scale: scale)
            #expect(ok, "the line itself")
        }
    }

    @Test func stackedLayersSitOnEachOther() throws {
        let (image, layout) = try render(try spec(kind: .stacked), [constant("a", 10), constant("b", 20), constant("c", 5)])
        let y = { layout.mapping.y($0, on: layout.valueScale) }
        let x = layout.mapping.columnCentre(400)
        let background = Theme.light.background!
        for (index, (low, high)) in [(0.0, 10.0), (10, 30), (30, 35)].enumerated() {
            let fill = Theme.light.color(forSeries: index).blended(alpha: ChartLayout.stackedAlpha, over: background)
            do {
                let ok = image.isNear(fill, x: x, y: (y(low) + y(high)) / 2 + 0.3, scale: 1, tolerance: 10)
                #expect(ok, "layer \(index) fills \(low)…\(high)")
            }
            do {
                let ok = image.hasInk(Theme.light.color(forSeries: index), x: x, y: y(high), scale: 1, over: fill)
                #expect(ok, "layer \(index) top line at \(high)")
            }
        }
        do {
            let ok = image.pixel(x: Int(x), y: Int(y(35) - 6)) == background.rgba
            #expect(ok, "nothing above the stack")
        }
    }

    @Test func bandShadesMinToMaxWithTheAverageOver() throws {
        // Alternating 20 / 80, 50 points a pixel: the band spans 20…80, the average line sits at 50.
        let count = 40_000
        let series = SeriesData(
            key: SeriesKey(name: "dense"), times: (0..<count).map { Self.start + EpochMillis($0) * 1000 },
            values: (0..<count).map { $0 % 2 == 0 ? 20 : 80 })
        let spec = try ChartSpec(from: Self.start, until: Self.start + EpochMillis(count) * 1000, leftAxis: AxisSpec(min: 0, max: 100))
        let (image, layout) = try render(spec, [series])
        #expect(layout.kind == .band)
        let y = { layout.mapping.y($0, on: layout.valueScale) }
        let color = Theme.light.color(forSeries: 0)
        let shade = color.blended(alpha: ChartLayout.bandAlpha, over: Theme.light.background!)
        for column in stride(from: 20, to: layout.mapping.columns - 20, by: 37) {
            let x = layout.mapping.columnCentre(column)
            do {
                let ok =
                    image.isNear(shade, x: x, y: y(30), scale: 1, tolerance: 12)
                    && image.isNear(shade, x: x, y: y(70), scale: 1, tolerance: 12)
                #expect(ok)
            }
            do {
                let ok = image.hasInk(color, x: x, y: y(50), scale: 1, over: shade)
                #expect(ok)
            }
            do {
                let ok = image.pixel(x: Int(x), y: Int(y(90))) == Theme.light.background!.rgba
                #expect(ok)
            }
        }
    }

    @Test func stepHoldsUntilTheNextPoint() throws {
        // 10 points, 10 minutes apart: 0, 30, 60, 30, 0, ...
        let values: [Double] = [0, 30, 60, 30, 0, 30, 60, 30, 0, 30]
        let series = SeriesData(
            key: SeriesKey(name: "s"), times: (0..<10).map { Self.start + EpochMillis($0) * 10 * Self.minute }, values: values)
        let (image, layout) = try render(try spec(kind: .step, leftAxis: AxisSpec(min: -10, max: 70)), [series])
        let color = Theme.light.color(forSeries: 0)
        let y = { layout.mapping.y($0, on: layout.valueScale) }
        for i in 0..<9 {
            // Midway between point i and i+1 the line is at value i, not at i+1 and not in between.
            let x = layout.mapping.x(Self.start + EpochMillis(i) * 10 * Self.minute + 5 * Self.minute)
            do {
                let ok = image.hasInk(color, x: x, y: y(values[i]), scale: 1)
                #expect(ok, "holds \(values[i]) after point \(i)")
            }
            do {
                let ok =
                    !image.hasInk(color, x: x, y: (y(values[i]) + y(values[i + 1])) / 2, scale: 1, radius: 0) || values[i] == values[i + 1]
                #expect(ok)
            }
        }
    }

    @Test(arguments: [1.0, 2.0])
    func thresholdsAndAnnotationsLandWhereTheySay(scale: Double) throws {
        let marks = try spec(
            kind: .line, scale: scale, leftAxis: AxisSpec(min: 0, max: 100),
            thresholds: [Threshold(value: 75, color: Color(hex: "#d62728")), Threshold(value: 20, to: 30, color: Color(hex: "#009e73"))],
            annotations: [
                Annotation(time: Self.start + 25 * Self.minute),
                Annotation(time: Self.start + 60 * Self.minute, end: Self.start + 80 * Self.minute)
            ])
        let (image, layout) = try render(marks, [constant("a", 50)])
        let plot = layout.scene.plot
        let red = Color(hex: "#d62728")!
        let thresholdY = AxisLayout.crisp(layout.mapping.y(75, on: layout.valueScale))
        let onRow = stride(from: plot.minX + 1, to: plot.maxX - 1, by: 1).filter {
            image.isNear(red, x: $0, y: thresholdY, scale: scale, radius: 0)
        }
        #expect(Double(onRow.count) / plot.width > 0.5, "dashed threshold line along its row")
        do {
            let ok = !image.isNear(red, x: plot.minX + 200, y: thresholdY - 3, scale: scale, radius: 0)
            #expect(ok, "and not off it")
        }
        // Probed at 27, inside the 20–30 band and clear of a grid line at 20, 25 or 30 (the step depends on the axis).
        let band = Color(hex: "#009e73")!.blended(alpha: ChartLayout.bandOpacity, over: Theme.light.background!)
        do {
            let ok = image.isNear(band, x: plot.minX + 100.5, y: layout.mapping.y(27, on: layout.valueScale), scale: scale, radius: 0)
            #expect(ok)
        }
        do {
            let ok = !image.isNear(band, x: plot.minX + 100.5, y: layout.mapping.y(35, on: layout.valueScale), scale: scale, radius: 0)
            #expect(ok)
        }
        let purple = Theme.light.annotation
        let lineX = AxisLayout.crisp(layout.mapping.x(Self.start + 25 * Self.minute))
        let onColumn = stride(from: plot.minY + 1, to: plot.maxY - 1, by: 1).filter {
            image.isNear(purple, x: lineX, y: $0, scale: scale, radius: 0)
        }
        #expect(Double(onColumn.count) / plot.height > 0.4, "dashed annotation line down its column")
        let span = purple.blended(alpha: ChartLayout.bandOpacity, over: Theme.light.background!)
        do {
            let ok = image.isNear(span, x: layout.mapping.x(Self.start + 70 * Self.minute), y: plot.minY + 30, scale: scale, radius: 0)
            #expect(ok)
        }
        do {
            let ok = !image.isNear(span, x: layout.mapping.x(Self.start + 90 * Self.minute), y: plot.minY + 30, scale: scale, radius: 0)
            #expect(ok)
        }
    }

    @Test func transparentBackgroundKeepsAlpha() throws {
        let (image, layout) = try render(try spec(kind: .line, theme: .transparent), [constant("a", 50)])
        do {
            let ok = image.pixel(x: 0, y: 0).a == 0 && image.pixel(x: image.width - 1, y: image.height - 1).a == 0
            #expect(ok)
        }
        let plot = layout.scene.plot
        do {
            let ok = image.pixel(x: Int(plot.minX + 3), y: Int(plot.minY + 3)).a == 0
            #expect(ok, "the plot area is see-through too")
        }
        let lineY = Int(layout.mapping.y(50, on: layout.valueScale))
        do {
            let ok = max(image.pixel(x: Int(plot.midX), y: lineY).a, image.pixel(x: Int(plot.midX), y: lineY - 1).a) >= 190
            #expect(ok, "the line is opaque")
        }
        let transparent = image.rgba.enumerated().filter { $0.offset % 4 == 3 && $0.element == 0 }.count
        do {
            let ok = Double(transparent) / Double(image.width * image.height) > 0.8
            #expect(ok)
        }
    }

    @Test func sparklineHasOnlyTheLine() throws {
        let series = sineSeries("a", points: 500)
        let spark = try ChartSpec(
            width: 200, height: 40, from: series.times[0], until: series.times[499] + 1, title: "no",
            sparkline: true)
        let (image, _) = try render(spark, [series])
        // Every pixel is the background, the series colour, or a blend of the two: no text, no grid.
        let color = Theme.light.color(forSeries: 0)
        let background = Theme.light.background!
        var lineish = 0
        var other: [String] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = image.pixel(x: x, y: y)
                let t = (255 - Double(p.r)) / (255 - Double(color.red))
                let expected = (
                    Double(background.green) + (Double(color.green) - Double(background.green)) * t,
                    Double(background.blue) + (Double(color.blue) - Double(background.blue)) * t
                )
                if !(abs(Double(p.g) - expected.0) < 6 && abs(Double(p.b) - expected.1) < 6) { other.append("\(x),\(y): \(p)") }
                if t > 0.9 { lineish += 1 }
            }
        }
        #expect(other.isEmpty, "not background nor series colour: \(other.prefix(5))")
        #expect(lineish > 100)
    }

    @Test func everyKindRendersAtEveryScale() throws {
        let data = [sineSeries("a"), sineSeries("b", phase: 2)]
        for kind in ChartKind.allCases {
            for scale in [1.0, 1.5, 2.0, 4.0] {
                let chart = try ChartSpec(
                    width: 400, height: 200, scale: scale, from: data[0].times[0], until: data[0].times.last! + 1, kind: kind)
                let frame = try FrameRenderer.render(spec: chart, series: data, format: .png)
                let image = try PNGCodec.decode(frame.bytes)
                do {
                    let ok = image.width == Int(400 * scale) && !image.pixels(near: Theme.light.color(forSeries: 1)).isEmpty
                    #expect(ok, "\(kind) at \(scale)x")
                }
            }
        }
    }
}

extension Color {
    /// This colour at `alpha` composited over an opaque background.
    func blended(alpha: UInt8, over background: Color) -> Color {
        let a = Double(alpha) / 255
        func mix(_ c: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(c) * a + Double(b) * (1 - a)).rounded()) }
        return Color(red: mix(red, background.red), green: mix(green, background.green), blue: mix(blue, background.blue))
    }

    var rgba: (r: UInt8, g: UInt8, b: UInt8, a: UInt8) { (red, green, blue, alpha) }
}

extension PNGCodec.Image {
    /// Whether a pixel within `radius` device pixels of the logical point (x, y) has `color`.
    func isNear(_ color: Color, x: Double, y: Double, scale: Double, radius: Int = 1, tolerance: Int = 8) -> Bool {
        let cx = Int((x * scale).rounded(.down))
        let cy = Int((y * scale).rounded(.down))
        for dy in -radius...radius {
            for dx in -radius...radius {
                let px = cx + dx
                let py = cy + dy
                guard px >= 0, py >= 0, px < width, py < height else { continue }
                let p = pixel(x: px, y: py)
                if abs(Int(p.r) - Int(color.red)) <= tolerance && abs(Int(p.g) - Int(color.green)) <= tolerance
                    && abs(Int(p.b) - Int(color.blue)) <= tolerance
                {
                    return true
                }
            }
        }
        return false
    }
}

extension PNGCodec.Image {
    /// Whether a pixel within `radius` device pixels of (x, y) is at least half covered by
    /// `color` over `background` (antialiased lines on half-pixel boundaries are never pure).
    func hasInk(_ color: Color, x: Double, y: Double, scale: Double, radius: Int = 1, over background: Color = .white) -> Bool {
        let cx = Int((x * scale).rounded(.down))
        let cy = Int((y * scale).rounded(.down))
        let channels = [(color.red, background.red), (color.green, background.green), (color.blue, background.blue)]
        let (strongest, _) = channels.enumerated().max { abs(Int($0.1.0) - Int($0.1.1)) < abs(Int($1.1.0) - Int($1.1.1)) }!
        for dy in -radius...radius {
            for dx in -radius...radius {
                let px = cx + dx
                let py = cy + dy
                guard px >= 0, py >= 0, px < width, py < height else { continue }
                let p = pixel(x: px, y: py)
                let values = [p.r, p.g, p.b]
                let (c, b) = channels[strongest]
                let t = (Double(values[strongest]) - Double(b)) / (Double(c) - Double(b))
                guard t >= 0.5 else { continue }
                let fits = zip(values, channels).allSatisfy { value, pair in
                    abs(Double(value) - (Double(pair.1) + (Double(pair.0) - Double(pair.1)) * t)) < 12
                }
                if fits { return true }
            }
        }
        return false
    }
}

extension Color {
    static let white = Color(red: 255, green: 255, blue: 255)
}

extension Rect {
    var midX: Double { x + width / 2 }
}
