import FramecastCore
import FramecastRender

/// A synthetic series: a slow sine with a spike, one point a minute.
func sineSeries(_ name: String, points: Int = 2000, phase: Double = 0, amplitude: Double = 50) -> SeriesData {
    let times = (0..<points).map { EpochMillis($0) * 60_000 + 1_700_000_000_000 }
    let values = (0..<points).map { i in 100 + amplitude * _sin(Double(i) / 120 + phase) }
    return SeriesData(key: SeriesKey(name: name), times: times, values: values)
}

func spec(
    width: Int = 800, height: Int = 300, scale: Double = 1, title: String? = nil, theme: Theme = .light,
    points: Int = 2000
) throws -> ChartSpec {
    try ChartSpec(
        width: width, height: height, scale: scale, from: 1_700_000_000_000,
        until: 1_700_000_000_000 + EpochMillis(points) * 60_000, title: title, theme: theme)
}

@_silgen_name("sin") func _sin(_ x: Double) -> Double

extension PNGCodec.Image {
    /// Device pixels whose colour is within `tolerance` per channel of `color`.
    func pixels(near color: Color, tolerance: Int = 6) -> [(x: Int, y: Int)] {
        var found: [(Int, Int)] = []
        for y in 0..<height {
            for x in 0..<width {
                let p = pixel(x: x, y: y)
                if abs(Int(p.r) - Int(color.red)) <= tolerance && abs(Int(p.g) - Int(color.green)) <= tolerance
                    && abs(Int(p.b) - Int(color.blue)) <= tolerance
                {
                    found.append((x, y))
                }
            }
        }
        return found
    }
}

extension Scene {
    func rects(where predicate: (SceneRole) -> Bool) -> [Rect] {
        items.compactMap { item in
            if case .rect(let rect) = item, predicate(rect.role) { return rect.rect }
            return nil
        }
    }

    func seriesPaths() -> [ScenePath] {
        items.compactMap { item in
            if case .path(let path) = item, case .series = path.role { return path }
            return nil
        }
    }
}
