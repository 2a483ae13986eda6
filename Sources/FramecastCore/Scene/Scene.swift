/// A chart frame as a small display list in logical pixels: rectangles, stroked or filled paths
/// and text. Core lays out; `FramecastRender` draws the same Scene with Cairo (PNG) or as SVG,
/// so the raster and the vector forms agree to the pixel.
public struct Scene: Sendable, Equatable {
    /// Size in logical pixels; the output is `width·scale × height·scale` device pixels.
    public let width: Double
    public let height: Double
    public let scale: Double
    /// nil for a transparent background.
    public let background: Color?
    /// The plot area, where series are drawn and clipped.
    public let plot: Rect
    public var items: [SceneItem]

    public init(width: Double, height: Double, scale: Double, background: Color?, plot: Rect, items: [SceneItem] = []) {
        self.width = width
        self.height = height
        self.scale = scale
        self.background = background
        self.plot = plot
        self.items = items
    }

    /// Device pixel size of the frame.
    public var pixelWidth: Int { Int((width * scale).rounded()) }
    public var pixelHeight: Int { Int((height * scale).rounded()) }
}

/// What a Scene item is, so SVG can label it and tests can find it.
public enum SceneRole: Sendable, Hashable {
    case frame
    case grid
    case axis
    case tickLabel
    case title
    case legendSwatch(series: Int)
    case legendLabel(series: Int)
    /// A series' line (one per series).
    case series(index: Int, name: String)
    /// The filled part of a series: area, stacked area or min–max band.
    case seriesFill(index: Int)
    /// A threshold line or band, or its label.
    case threshold(index: Int)
    /// An annotation line or span, or its label.
    case annotation(index: Int)
    /// The title of a value axis.
    case axisTitle
    /// A remark about the data, e.g. values a log scale could not show.
    case note
}

public enum SceneItem: Sendable, Equatable {
    case rect(SceneRect)
    case path(ScenePath)
    case text(SceneText)
}

public struct SceneRect: Sendable, Equatable {
    public var rect: Rect
    public var fill: Color
    public var role: SceneRole

    public init(rect: Rect, fill: Color, role: SceneRole) {
        self.rect = rect
        self.fill = fill
        self.role = role
    }
}

public struct Stroke: Sendable, Equatable {
    public var color: Color
    public var width: Double
    public var dash: [Double]

    public init(color: Color, width: Double, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// One or more polylines drawn as one path: a series with gaps is one path of several subpaths.
public struct ScenePath: Sendable, Equatable {
    public var subpaths: [[Point]]
    public var stroke: Stroke?
    public var fill: Color?
    public var clip: Rect?
    public var role: SceneRole

    public init(subpaths: [[Point]], stroke: Stroke?, fill: Color? = nil, clip: Rect? = nil, role: SceneRole) {
        self.subpaths = subpaths
        self.stroke = stroke
        self.fill = fill
        self.clip = clip
        self.role = role
    }
}

public enum TextAnchor: Sendable, Equatable { case start, middle, end }

public struct SceneText: Sendable, Equatable {
    public var text: String
    /// The anchor point: horizontal per `anchor`, vertical at the text's middle.
    public var position: Point
    public var size: Double
    public var bold: Bool
    public var color: Color
    public var anchor: TextAnchor
    public var role: SceneRole
    /// Written bottom to top (rotated a quarter turn anticlockwise) about `position`.
    public var vertical = false

    public init(
        text: String, position: Point, size: Double, bold: Bool, color: Color, anchor: TextAnchor,
        role: SceneRole, vertical: Bool = false
    ) {
        self.text = text
        self.position = position
        self.size = size
        self.bold = bold
        self.color = color
        self.anchor = anchor
        self.role = role
        self.vertical = vertical
    }
}

public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

public struct Rect: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }
}
