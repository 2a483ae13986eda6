import FramecastCore
import Testing

@testable import FramecastRender

@Suite struct PNGFrameTests {
    @Test(arguments: [(800, 300, 1.0), (800, 300, 2.0), (333, 120, 1.5), (16, 16, 1.0), (1200, 500, 4.0)])
    func decodesToScaledSize(width: Int, height: Int, scale: Double) throws {
        let frame = try FrameRenderer.render(
            spec: spec(width: width, height: height, scale: scale), series: [sineSeries("a")], format: .png)
        let image = try PNGCodec.decode(frame.bytes)
        #expect(image.width == Int((Double(width) * scale).rounded()))
        #expect(image.height == Int((Double(height) * scale).rounded()))
        #expect(Array(frame.bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test(arguments: [1.0, 2.0])
    func seriesColourOnlyInsidePlotAndLegend(scale: Double) throws {
        let theme = Theme.light
        let frame = try FrameRenderer.render(
            spec: spec(scale: scale, title: "colours"),
            series: [sineSeries("a"), sineSeries("b", phase: 2)], format: .png)
        let image = try PNGCodec.decode(frame.bytes)
        for index in 0..<2 {
            let color = theme.color(forSeries: index)
            let pixels = image.pixels(near: color)
            let plot = frame.scene.plot
            let swatches = frame.scene.rects { $0 == .legendSwatch(series: index) }
            #expect(swatches.count == 1)
            let inside = pixels.filter { p in
                let point = Point(Double(p.x) / scale, Double(p.y) / scale)
                return point.x >= plot.minX - 1 && point.x <= plot.maxX + 1 && point.y >= plot.minY - 1 && point.y <= plot.maxY + 1
            }
            let inSwatch = pixels.filter { p in
                swatches.contains { $0.contains(Point(Double(p.x) / scale, Double(p.y) / scale)) }
            }
            #expect(inside.count > 200, "series \(index) is drawn inside the plot")
            #expect(inside.count + inSwatch.count == pixels.count, "series \(index) colour leaks outside the plot")
        }
    }

    @Test func darkThemeBackground() throws {
        let frame = try FrameRenderer.render(spec: spec(theme: .dark), series: [sineSeries("a")], format: .png)
        let image = try PNGCodec.decode(frame.bytes)
        let corner = image.pixel(x: 0, y: 0)
        let background = Theme.dark.background!
        #expect(corner.r == background.red && corner.g == background.green && corner.b == background.blue)
    }

    @Test func corruptPNGIsAnError() {
        #expect(throws: RenderError.self) { try PNGCodec.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]) }
        #expect(throws: RenderError.self) { try PNGCodec.decode(Array("not a png".utf8)) }
    }

    @Test func tooManySeriesIsRejected() throws {
        let many = (0..<101).map { sineSeries("s\($0)", points: 10) }
        #expect(throws: ChartSpecError.tooManySeries(101, limit: 100)) {
            try FrameRenderer.render(spec: spec(points: 10), series: many, format: .png)
        }
    }
}
