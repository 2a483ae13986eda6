/// Legend entries (swatch + series name) flowed into rows under the plot.
struct LegendLayout {
    struct Entry {
        let name: String
        let x: Double
        let row: Int
    }

    static let swatch = 10.0
    let entries: [Entry]
    let rows: Int
    let rowHeight: Double
    let fontSize: Double

    static let empty = LegendLayout(entries: [], rows: 0, rowHeight: 0, fontSize: 0)

    init(entries: [Entry], rows: Int, rowHeight: Double, fontSize: Double) {
        self.entries = entries
        self.rows = rows
        self.rowHeight = rowHeight
        self.fontSize = fontSize
    }

    /// Flows names into rows of at most `width`; a name too long for a row is cut with "…".
    init(names: [String], width: Double, measurer: TextMeasurer, fontSize: Double) {
        var entries: [Entry] = []
        var x = 0.0, row = 0
        for name in names {
            var shown = name
            while shown.count > 4, measurer.width(of: shown, size: fontSize, bold: false) + Self.swatch + 6 > width {
                shown = String(shown.dropLast(2)) + "…"
            }
            let entryWidth = Self.swatch + 5 + measurer.width(of: shown, size: fontSize, bold: false) + 16
            if x > 0, x + entryWidth - 16 > width {
                row += 1
                x = 0
            }
            entries.append(Entry(name: shown, x: x, row: row))
            x += entryWidth
        }
        self.init(entries: entries, rows: names.isEmpty ? 0 : row + 1, rowHeight: fontSize + 6, fontSize: fontSize)
    }

    func items(originY: Double, originX: Double, theme: Theme) -> [SceneItem] {
        entries.enumerated().flatMap { index, entry -> [SceneItem] in
            let centreY = originY + Double(entry.row) * rowHeight + rowHeight / 2
            let swatch = Rect(x: (originX + entry.x).rounded(), y: (centreY - Self.swatch / 2).rounded(),
                              width: Self.swatch, height: Self.swatch)
            return [
                .rect(SceneRect(rect: swatch, fill: theme.color(forSeries: index), role: .legendSwatch(series: index))),
                .text(SceneText(text: entry.name, position: Point(originX + entry.x + Self.swatch + 5, centreY), size: fontSize,
                                bold: false, color: theme.text, anchor: .start, role: .legendLabel(series: index))),
            ]
        }
    }
}
