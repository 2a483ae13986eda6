/// Legend entries (swatch + label) flowed into rows under the plot.
struct LegendLayout: Sendable {
    struct Entry: Sendable {
        let text: String
        let color: Color
        let x: Double
        let row: Int
        let width: Double
        /// The series the entry stands for (entries may skip series, see `unique`).
        var series = 0
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

    /// Flows labels into rows of at most `width`; a label too long for a row is cut with "…".
    /// With `unique`, a label whose text an earlier entry shows gets no entry of its own.
    init(labels: [(text: String, color: Color)], width: Double, measurer: TextMeasurer, fontSize: Double, unique: Bool = false) {
        var entries: [Entry] = []
        var x = 0.0
        var row = 0
        var seen: Set<String> = []
        for (series, label) in labels.enumerated() {
            if unique, !seen.insert(label.text).inserted { continue }
            var shown = label.text
            while shown.count > 4, measurer.width(of: shown, size: fontSize, bold: false) + Self.swatch + 6 > width {
                shown = String(shown.dropLast(2)) + "…"
            }
            let textWidth = measurer.width(of: shown, size: fontSize, bold: false)
            let entryWidth = Self.swatch + 5 + textWidth + 16
            if x > 0, x + entryWidth - 16 > width {
                row += 1
                x = 0
            }
            entries.append(Entry(text: shown, color: label.color, x: x, row: row, width: entryWidth - 16, series: series))
            x += entryWidth
        }
        self.init(entries: entries, rows: labels.isEmpty ? 0 : row + 1, rowHeight: fontSize + 6, fontSize: fontSize)
    }

    var height: Double { rows > 0 ? Double(rows) * rowHeight + 6 : 0 }

    /// The box of entry `index` (swatch and label), for the overlay's legend targets.
    func box(_ index: Int, originY: Double, originX: Double) -> Rect {
        let entry = entries[index]
        return Rect(
            x: (originX + entry.x).rounded(), y: originY + Double(entry.row) * rowHeight, width: entry.width.rounded(.up),
            height: rowHeight)
    }

    func items(originY: Double, originX: Double, theme: Theme) -> [SceneItem] {
        entries.flatMap { entry -> [SceneItem] in
            let index = entry.series
            let centreY = originY + Double(entry.row) * rowHeight + rowHeight / 2
            let swatch = Rect(
                x: (originX + entry.x).rounded(), y: (centreY - Self.swatch / 2).rounded(),
                width: Self.swatch, height: Self.swatch)
            return [
                .rect(SceneRect(rect: swatch, fill: entry.color, role: .legendSwatch(series: index))),
                .text(
                    SceneText(
                        text: entry.text, position: Point(originX + entry.x + Self.swatch + 5, centreY), size: fontSize,
                        bold: false, color: theme.text, anchor: .start, role: .legendLabel(series: index)))
            ]
        }
    }
}
