/// Lays a badge out as a Scene, so the SVG writer and Cairo draw it exactly as they draw charts.
extension Badge {
    public static let height = 20.0
    static let sparklineWidth = 48.0
    static let padding = 6.0
    static let fontSize = 11.0

    public func scene(scale: Double = 1, measurer: any TextMeasurer = ApproximateTextMeasurer()) -> Scene {
        let labelWidth = label.isEmpty ? 0 : (measurer.width(of: label, size: Self.fontSize, bold: false) + 2 * Self.padding).rounded(.up)
        let valueWidth = (measurer.width(of: message, size: Self.fontSize, bold: true) + 2 * Self.padding).rounded(.up)
        let sparkX = labelWidth + valueWidth
        let width = sparkX + Self.sparklineWidth
        let h = Self.height
        var items: [SceneItem] = []
        let grey = Color(red: 0x55, green: 0x55, blue: 0x55)
        let white = Color(red: 0xff, green: 0xff, blue: 0xff)
        if labelWidth > 0 {
            items.append(.rect(SceneRect(rect: Rect(x: 0, y: 0, width: labelWidth, height: h), fill: grey, role: .frame)))
            items.append(
                .text(
                    SceneText(
                        text: label, position: Point(labelWidth / 2, Self.height / 2), size: Self.fontSize, bold: false,
                        color: white, anchor: .middle, role: .title)))
        }
        items.append(.rect(SceneRect(rect: Rect(x: labelWidth, y: 0, width: valueWidth, height: h), fill: status.color, role: .frame)))
        items.append(
            .text(
                SceneText(
                    text: message, position: Point(labelWidth + valueWidth / 2, Self.height / 2), size: Self.fontSize, bold: true,
                    color: white, anchor: .middle, role: .title)))
        let sparkBox = Rect(x: sparkX, y: 0, width: Self.sparklineWidth, height: h)
        items.append(.rect(SceneRect(rect: sparkBox, fill: Color(red: 0xf4, green: 0xf4, blue: 0xf4), role: .frame)))
        let line = sparklinePath(in: Rect(x: sparkX + 3, y: 3, width: Self.sparklineWidth - 6, height: h - 6))
        if !line.isEmpty {
            let stroke = Stroke(color: status == .ok ? Color(red: 0x2b, green: 0x7a, blue: 0x0b) : status.color, width: 1.25)
            items.append(.path(ScenePath(subpaths: line, stroke: stroke, clip: sparkBox, role: .series(index: 0, name: label))))
        }
        return Scene(width: width, height: h, scale: scale, background: nil, plot: sparkBox, items: items)
    }

    /// The sparkline scaled into `box`: one run through the non-empty columns (a badge is too
    /// small for gaps to read as gaps; isolated points would draw as dots).
    func sparklinePath(in box: Rect) -> [[Point]] {
        let values = sparkline.compactMap { $0 }
        guard let low = values.min(), let high = values.max() else { return [] }
        let span = high > low ? high - low : 1
        let step = sparkline.count > 1 ? box.width / Double(sparkline.count - 1) : 0
        var run: [Point] = []
        for (i, value) in sparkline.enumerated() {
            guard let value else { continue }
            let y = high > low ? box.maxY - (value - low) / span * box.height : box.y + box.height / 2
            run.append(Point(box.x + Double(i) * step, y))
        }
        // A lone point draws nothing: give it a short flat stroke.
        return [run.count == 1 ? [run[0], Point(run[0].x + 1, run[0].y)] : run]
    }
}
