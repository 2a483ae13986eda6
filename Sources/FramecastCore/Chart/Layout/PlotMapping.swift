/// Where times and values land in the plot. The raster, the full SVG and the overlay all place
/// things through this one mapping, so they line up to the pixel at every scale.
public struct PlotMapping: Sendable, Equatable {
    /// The plot area in logical pixels; its edges sit on device pixel boundaries.
    public let plot: Rect
    public let from: EpochMillis
    public let until: EpochMillis
    /// Device pixels per logical pixel.
    public let pixelScale: Double
    /// Device pixel columns across the plot: the width the series are reduced to.
    public let columns: Int

    /// The mapping for a plot whose edges sit on device pixels (`plot.width · pixelScale` whole).
    public init(plot: Rect, from: EpochMillis, until: EpochMillis, pixelScale: Double) {
        self.plot = plot
        self.from = from
        self.until = until
        self.pixelScale = pixelScale
        self.columns = max(1, Int((plot.width * pixelScale).rounded()))
    }

    /// The x of a time. A time inside M4 column `c` lands inside device pixel column `c`.
    public func x(_ time: EpochMillis) -> Double {
        plot.minX + Double(time - from) * Double(columns) / Double(until - from) / pixelScale
    }

    /// The time at x (the inverse of `x(_:)`).
    public func time(atX x: Double) -> EpochMillis {
        from + EpochMillis(((x - plot.minX) * pixelScale / Double(columns) * Double(until - from)).rounded())
    }

    /// Left edge of device pixel column `c`, in logical pixels.
    public func columnLeft(_ c: Int) -> Double { plot.minX + Double(c) / pixelScale }

    /// Centre of device pixel column `c`, in logical pixels.
    public func columnCentre(_ c: Int) -> Double { plot.minX + (Double(c) + 0.5) / pixelScale }

    /// The y of a value on an axis. Values a log axis cannot place land just below the plot,
    /// where the clip hides them.
    public func y(_ value: Double, on axis: ValueAxis) -> Double {
        guard let position = axis.position(value, length: plot.height) else { return plot.maxY + 4 }
        return plot.maxY - position
    }
}
