/// Colours of a chart. Series colours come from the Okabe–Ito palette, which stays distinct for
/// the common forms of colour blindness; yellow is left out on light backgrounds (too faint).
public struct Theme: Sendable, Hashable {
    public let name: String
    /// nil: no background at all (transparent PNG, no background rectangle in SVG).
    public let background: Color?
    public let text: Color
    public let mutedText: Color
    public let grid: Color
    public let axis: Color
    public let palette: [Color]
    /// Default colour of thresholds (red, outside the palette so it never reads as a series).
    public let threshold: Color
    /// Colour of annotation lines, spans and labels.
    public let annotation: Color

    static let lightPalette = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000"].map { Color(hex: $0)! }

    public static let light = Theme(
        name: "light", background: Color(hex: "#ffffff")!, text: Color(hex: "#24292f")!,
        mutedText: Color(hex: "#57606a")!, grid: Color(hex: "#e4e7eb")!, axis: Color(hex: "#8c959f")!,
        palette: lightPalette, threshold: Color(hex: "#d62728")!, annotation: Color(hex: "#6e40c9")!)

    public static let dark = Theme(
        name: "dark", background: Color(hex: "#111217")!, text: Color(hex: "#d8dee4")!,
        mutedText: Color(hex: "#9da7b3")!, grid: Color(hex: "#262a31")!, axis: Color(hex: "#5b636d")!,
        palette: ["#56b4e9", "#e69f00", "#009e73", "#f0e442", "#cc79a7", "#d55e00", "#ffffff"].map { Color(hex: $0)! },
        threshold: Color(hex: "#ff6b6b")!, annotation: Color(hex: "#b392f0")!)

    /// The light theme's colours on no background: for pages that bring their own. Text and grid
    /// are mid-tones that stay readable on light and on darker backgrounds.
    public static let transparent = Theme(
        name: "transparent", background: nil, text: Color(hex: "#424a53")!,
        mutedText: Color(hex: "#6e7781")!, grid: Color(hex: "#8c959f")!.withAlpha(64), axis: Color(hex: "#8c959f")!,
        palette: lightPalette, threshold: Color(hex: "#d62728")!, annotation: Color(hex: "#6e40c9")!)

    public static let all = [light, dark, transparent]

    /// The theme called `name` (any case), nil if there is none.
    public static func named(_ name: String) -> Theme? { all.first { $0.name == name.lowercased() } }

    /// Parses a theme name, with a message listing the themes.
    public init(parsing name: String) throws(ChartSpecError) {
        guard let theme = Theme.named(name) else {
            throw .unknownValue(option: "theme", value: name, allowed: Theme.all.map(\.name))
        }
        self = theme
    }

    init(
        name: String, background: Color?, text: Color, mutedText: Color, grid: Color, axis: Color, palette: [Color],
        threshold: Color, annotation: Color
    ) {
        self.name = name
        self.background = background
        self.text = text
        self.mutedText = mutedText
        self.grid = grid
        self.axis = axis
        self.palette = palette
        self.threshold = threshold
        self.annotation = annotation
    }

    /// Colour of the series at `index` (the palette repeats past its end).
    public func color(forSeries index: Int) -> Color { palette[index % palette.count] }
}
