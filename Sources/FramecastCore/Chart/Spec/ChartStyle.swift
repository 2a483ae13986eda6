/// Drawing choices beyond the theme that Graphite's graph parameters set (`lineWidth`,
/// `hideAxes`, `hideGrid`, `hideYAxis`): the defaults draw what every other front end draws.
public struct ChartStyle: Sendable, Hashable {
    public static let lineWidthRange = 0.25...20.0

    /// Series line width in CSS pixels; nil for the layout's own (1.5).
    public var lineWidth: Double?
    /// No tick labels, axis lines or axis titles (the grid stays, as in Graphite).
    public var hideAxes = false
    /// No grid lines.
    public var hideGrid = false
    /// No value-axis labels (the time axis stays).
    public var hideYAxis = false
    /// Every text's size times this (Graphite's `fontSize` over its default of 10).
    public var fontScale = 1.0
    /// Legend entries whose text another entry already shows are left out (`uniqueLegend`).
    public var uniqueLegend = false
    public static let fontScaleRange = 0.5...3.0

    public init(
        lineWidth: Double? = nil, hideAxes: Bool = false, hideGrid: Bool = false, hideYAxis: Bool = false, fontScale: Double = 1,
        uniqueLegend: Bool = false
    ) {
        self.fontScale =
            fontScale.isFinite ? Swift.min(Swift.max(fontScale, Self.fontScaleRange.lowerBound), Self.fontScaleRange.upperBound) : 1
        self.uniqueLegend = uniqueLegend
        self.lineWidth = lineWidth.map { Swift.min(Swift.max($0, Self.lineWidthRange.lowerBound), Self.lineWidthRange.upperBound) }
        self.hideAxes = hideAxes
        self.hideGrid = hideGrid
        self.hideYAxis = hideYAxis
    }

    /// The axis items the style keeps: grid lines unless `hideGrid`, the rest unless `hideAxes`;
    /// value-axis items also go with `hideYAxis`.
    func keeps(_ item: SceneItem, isValueAxis: Bool) -> Bool {
        let role: SceneRole
        switch item {
        case .path(let path): role = path.role
        case .text(let text): role = text.role
        default: return !hideAxes
        }
        if role == .grid { return !hideGrid }
        if hideAxes { return false }
        if hideYAxis && isValueAxis { return false }
        return true
    }
}

extension Theme {
    /// This theme with some colours replaced (Graphite's `bgcolor`, `fgcolor`,
    /// `majorGridLineColor`, `colorList`); nil keeps the theme's own.
    public func customized(background: Color? = nil, foreground: Color? = nil, grid: Color? = nil, palette: [Color]? = nil) -> Theme {
        Theme(
            name: name + "+custom", background: background ?? self.background, text: foreground ?? text,
            mutedText: foreground ?? mutedText, grid: grid ?? self.grid, axis: foreground ?? axis,
            palette: palette.flatMap { $0.isEmpty ? nil : $0 } ?? self.palette, threshold: threshold, annotation: annotation)
    }
}
