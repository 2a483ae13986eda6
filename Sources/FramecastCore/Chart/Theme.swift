/// Colours of a chart. Series colours come from the Okabe–Ito palette, which stays distinct for
/// the common forms of colour blindness; yellow is left out on light backgrounds (too faint).
public struct Theme: Sendable, Hashable {
    public let name: String
    public let background: Color?
    public let text: Color
    public let mutedText: Color
    public let grid: Color
    public let axis: Color
    public let palette: [Color]

    public static let light = Theme(
        name: "light", background: Color(hex: "#ffffff")!, text: Color(hex: "#24292f")!,
        mutedText: Color(hex: "#57606a")!, grid: Color(hex: "#e4e7eb")!, axis: Color(hex: "#8c959f")!,
        palette: ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000"].map { Color(hex: $0)! })

    public static let dark = Theme(
        name: "dark", background: Color(hex: "#111217")!, text: Color(hex: "#d8dee4")!,
        mutedText: Color(hex: "#9da7b3")!, grid: Color(hex: "#262a31")!, axis: Color(hex: "#5b636d")!,
        palette: ["#56b4e9", "#e69f00", "#009e73", "#f0e442", "#cc79a7", "#d55e00", "#ffffff"].map { Color(hex: $0)! })

    public static let all = [light, dark]

    public static func named(_ name: String) -> Theme? { all.first { $0.name == name } }

    /// Colour of the series at `index` (the palette repeats past its end).
    public func color(forSeries index: Int) -> Color { palette[index % palette.count] }
}
