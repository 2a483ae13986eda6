import CCairo
import FramecastCore

extension CairoCanvas {
    /// Strokes polylines with an axis-aligned square pen `width` logical pixels on a side: each
    /// segment swept by the square (a hexagon), all filled as one path.
    ///
    /// Used for series lines when antialiasing is off. A pixel is then set exactly when the line
    /// passes through the pen-sized square around the pixel's centre, so within one device column
    /// a polyline sets precisely the rows between its lowest and highest point, wherever in the
    /// column its vertices lie. That is the property M4 needs (Jugel et al., VLDB 2014): per column
    /// first, min, max and last set the same pixels as every raw point, and a one-device-pixel
    /// line of the reduced series is pixel-identical to the raw one. Cairo's round pen lacks it:
    /// near a column's extreme the rows it sets depend on the sub-pixel x of the points there.
    ///
    /// Ties: a vertex exactly on a device pixel boundary (the first point of a column often is)
    /// puts a pen edge exactly through pixel centres, where Cairo's fixed-point rounding, not
    /// geometry, decides. Each vertex is therefore kept `guardBand` device pixels inside its own
    /// device pixel (moved by at most that, never across a pixel edge), so every centre is
    /// decided with a margin.
    func strokeWithSquarePen(_ subpaths: [[Point]], width: Double) {
        let h = width / 2
        for subpath in subpaths {
            guard var previous = subpath.first.map(guarded) else { continue }
            if subpath.count == 1 { addSweep(from: previous, to: previous, half: h) }
            for point in subpath.dropFirst().lazy.map(guarded) {
                addSweep(from: previous, to: point, half: h)
                previous = point
            }
        }
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_WINDING)
        cairo_fill(context)
    }

    static let guardBand = 1.0 / 32

    /// The vertex with its device coordinates squeezed into [edge + guardBand, edge + 1 − guardBand].
    private func guarded(_ point: Point) -> Point {
        let band = Self.guardBand
        let scale = self.scale
        func squeeze(_ value: Double) -> Double {
            let device = value * scale
            let edge = device.rounded(.down)
            return (edge + band + (device - edge) * (1 - 2 * band)) / scale
        }
        return Point(squeeze(point.x), squeeze(point.y))
    }

    /// The segment a→b swept by the square [−h, h]²: the hexagon hull of the squares at both
    /// ends, always wound the same way so overlapping hexagons add up (nonzero rule).
    private func addSweep(from a: Point, to b: Point, half h: Double) {
        let sx = b.x >= a.x ? h : -h
        let sy = b.y >= a.y ? h : -h
        var corners = [
            Point(a.x - sx, a.y - sy), Point(a.x + sx, a.y - sy), Point(b.x + sx, b.y - sy),
            Point(b.x + sx, b.y + sy), Point(b.x - sx, b.y + sy), Point(a.x - sx, a.y + sy)
        ]
        // A reflection (sx·sy < 0) reverses the winding; undo it.
        if (sx > 0) != (sy > 0) { corners.reverse() }
        cairo_move_to(context, corners[0].x, corners[0].y)
        for corner in corners.dropFirst() { cairo_line_to(context, corner.x, corner.y) }
        cairo_close_path(context)
    }
}
