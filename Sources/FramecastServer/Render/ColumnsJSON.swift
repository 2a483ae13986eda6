import FramecastCore

/// JSON for reduced series, shared by `/render?format=json`, `/api/v1/query` and the stream
/// snapshots: each non-empty column as `[start, min, max, first, last, count, avg]` where
/// `start` is the column's start time (epoch ms). Written by hand: a few hundred small arrays
/// per frame, where `JSONEncoder` costs more than the query.
public enum ColumnsJSON {
    /// Column start times: column `c` covers `[from + c·(until−from)/width, …)`.
    public static func columnStart(_ c: Int, from: EpochMillis, until: EpochMillis, width: Int) -> EpochMillis {
        from + EpochMillis((Double(until - from) * Double(c) / Double(width)).rounded(.down))
    }

    public static func column(_ column: M4Column, start: EpochMillis, into text: inout String) {
        text += "[\(start),\(number(column.min)),\(number(column.max)),\(number(column.first)),\(number(column.last)),"
        text += "\(column.count),\(number(column.average))]"
    }

    /// `[[start,min,max,first,last,count,avg],…]` of the non-empty columns.
    public static func columns(_ series: M4Series) -> String {
        var text = "["
        var first = true
        for (c, column) in series.columns.enumerated() where !column.isEmpty {
            if !first { text += "," }
            first = false
            self.column(column, start: columnStart(c, from: series.from, until: series.until, width: series.width), into: &text)
        }
        return text + "]"
    }

    /// A JSON number; non-finite values (never stored, but sums can overflow) become null.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"  // safe inside HTML <script> and SSE
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
