import FramecastCore

/// Writes a Scene as standalone SVG: the same display list the PNG is drawn from, so the two
/// look the same. Each series is exactly one `<path class="series">`; no script is ever
/// emitted and every text and attribute is escaped.
public enum SVGWriter {
    public static func write(_ scene: Scene) -> [UInt8] {
        var out = SVGBuffer()
        let w = SVGBuffer.number(scene.width)
        let h = SVGBuffer.number(scene.height)
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGBuffer.number(scene.width * scene.scale))\" ")
        out.append("height=\"\(SVGBuffer.number(scene.height * scene.scale))\" viewBox=\"0 0 \(w) \(h)\" ")
        out.append("font-family=\"'\(CairoCanvas.fontFamily)', Verdana, sans-serif\">\n")
        let plot = scene.plot
        out.append("<defs><clipPath id=\"plot\"><rect x=\"\(SVGBuffer.number(plot.x))\" y=\"\(SVGBuffer.number(plot.y))\" ")
        out.append("width=\"\(SVGBuffer.number(plot.width))\" height=\"\(SVGBuffer.number(plot.height))\"/></clipPath></defs>\n")
        if let background = scene.background {
            out.append("<rect class=\"background\" width=\"\(w)\" height=\"\(h)\"\(paint("fill", background))/>\n")
        }
        for item in scene.items {
            switch item {
            case .rect(let rect):
                out.append(
                    "<rect class=\"\(className(rect.role))\"\(indexAttribute(rect.role)) x=\"\(SVGBuffer.number(rect.rect.x))\" y=\"\(SVGBuffer.number(rect.rect.y))\" "
                )
                out.append(
                    "width=\"\(SVGBuffer.number(rect.rect.width))\" height=\"\(SVGBuffer.number(rect.rect.height))\"\(paint("fill", rect.fill))/>\n"
                )
            case .path(let path): write(path, plot: plot, into: &out)
            case .text(let text): write(text, into: &out)
            }
        }
        out.append("</svg>\n")
        return out.bytes
    }

    static func paint(_ attribute: String, _ color: Color) -> String {
        color.alpha == 255
            ? " \(attribute)=\"\(color.hex)\""
            : " \(attribute)=\"\(color.hex)\" \(attribute)-opacity=\"\(SVGBuffer.number(color.opacity))\""
    }

    static func className(_ role: SceneRole) -> String {
        switch role {
        case .frame: return "frame"
        case .grid: return "grid"
        case .axis: return "axis"
        case .tickLabel: return "tick"
        case .title: return "title"
        case .legendSwatch: return "legend-swatch"
        case .legendLabel: return "legend-label"
        case .series: return "series"
        case .seriesFill: return "series-fill"
        case .threshold: return "threshold"
        case .annotation: return "annotation"
        case .axisTitle: return "axis-title"
        case .note: return "note"
        }
    }

    static func indexAttribute(_ role: SceneRole) -> String {
        switch role {
        case .legendSwatch(let index), .threshold(let index), .annotation(let index): return " data-index=\"\(index)\""
        default: return ""
        }
    }

    static func write(_ path: ScenePath, plot: Rect, into out: inout SVGBuffer) {
        out.append("<path class=\"\(className(path.role))\"")
        switch path.role {
        case .series(let index, let name): out.append(" data-series=\"\(escape(name))\" data-index=\"\(index)\"")
        case .seriesFill(let index), .threshold(let index), .annotation(let index): out.append(" data-index=\"\(index)\"")
        default: break
        }
        if path.clip != nil { out.append(" clip-path=\"url(#plot)\"") }
        out.append(path.fill.map { paint("fill", $0) } ?? " fill=\"none\"")
        if let stroke = path.stroke {
            out.append(paint("stroke", stroke.color))
            out.append(" stroke-width=\"\(SVGBuffer.number(stroke.width))\"")
            let round = path.role != .grid && path.role != .axis
            out.append(round ? " stroke-linejoin=\"round\" stroke-linecap=\"round\"" : "")
            if !stroke.dash.isEmpty { out.append(" stroke-dasharray=\"\(stroke.dash.map(SVGBuffer.number).joined(separator: " "))\"") }
        }
        out.append(" d=\"")
        for subpath in path.subpaths {
            for (index, point) in subpath.enumerated() {
                out.appendByte(index == 0 ? UInt8(ascii: "M") : UInt8(ascii: "L"))
                out.appendCoordinate(point.x)
                out.appendByte(UInt8(ascii: ","))
                out.appendCoordinate(point.y)
            }
        }
        out.append("\"/>\n")
    }

    static func write(_ text: SceneText, into out: inout SVGBuffer) {
        let anchor = text.anchor == .start ? "start" : text.anchor == .middle ? "middle" : "end"
        let baseline = text.position.y + text.size * CairoCanvas.baselineShift
        let x = SVGBuffer.number(text.position.x)
        out.append("<text class=\"\(className(text.role))\" x=\"\(x)\" y=\"\(SVGBuffer.number(baseline))\" ")
        if text.vertical { out.append("transform=\"rotate(-90 \(x) \(SVGBuffer.number(text.position.y)))\" ") }
        out.append("font-size=\"\(SVGBuffer.number(text.size))\"\(text.bold ? " font-weight=\"bold\"" : "") text-anchor=\"\(anchor)\"")
        out.append("\(paint("fill", text.color))>\(escape(text.text))</text>\n")
    }

    /// Escapes text for XML content and attribute values; control characters are dropped (tabs
    /// and newlines become spaces unless `keepNewlines`, for multi-line `<title>` text).
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n" where keepNewlines: result += "\n"
            case "\t", "\n": result += " "
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A byte buffer with fast fixed-point number output (paths hold thousands of coordinates).
struct SVGBuffer {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(64 * 1024) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

    /// Appends a coordinate with at most two decimals, without Foundation formatting.
    mutating func appendCoordinate(_ value: Double) {
        var hundredths = Int((value * 100).rounded())
        if hundredths < 0 {
            bytes.append(UInt8(ascii: "-"))
            hundredths = -hundredths
        }
        appendInteger(hundredths / 100)
        let fraction = hundredths % 100
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
    }

    mutating func appendInteger(_ value: Int) {
        if value >= 10 { appendInteger(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    static func number(_ value: Double) -> String {
        var buffer = SVGBuffer()
        buffer.bytes.removeAll()
        buffer.appendCoordinate(value)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}
