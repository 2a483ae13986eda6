/// The text formats Framecast reads, and how a batch's format is told from its content.
public enum InputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case csv
    case graphite
    case influx
    case json
    case prometheus

    public var description: String { rawValue }

    /// Format named by a file extension, if it names one.
    public static func fromExtension(_ fileExtension: String) -> InputFormat? {
        switch fileExtension.lowercased() {
        case "csv", "tsv": return .csv
        case "graphite", "carbon", "txt", "plain": return .graphite
        case "influx", "lp", "line": return .influx
        case "json", "ndjson", "jsonl": return .json
        case "prom", "prometheus", "openmetrics": return .prometheus
        default: return nil
        }
    }

    /// Guesses the format from the first non-comment line: commas without blanks-separated
    /// fields → CSV; `name{label="v"} value` → Prometheus text; `name value [ts]` with a numeric
    /// second field → Graphite; `key=value` → Influx. A Prometheus line without labels reads as
    /// Graphite, whose timestamps are seconds: name the format when in doubt.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> InputFormat? {
        var result: InputFormat? = nil
        var decided = false
        forEachLine(bytes) { _, start, count in
            if decided { return }
            decided = true
            let line = UnsafeBufferPointer(start: start, count: count)
            if line.first == UInt8(ascii: "{") || line.first == UInt8(ascii: "[") {
                result = .json
                return
            }
            if let brace = line.firstIndex(of: UInt8(ascii: "{")), brace > 0,
                line[..<brace].allSatisfy(PrometheusTextParser.Scratch.isNameByte),
                line[brace...].starts(with: [UInt8(ascii: "{"), UInt8(ascii: "}")])
                    || line[(brace + 1)...].firstRange(of: [UInt8(ascii: "="), UInt8(ascii: "\"")]) != nil
            {
                result = .prometheus
                return
            }
            let firstBlank = line.firstIndex(where: isBlank)
            if let blank = firstBlank {
                let rest = line[(blank + 1)...].drop(while: isBlank)
                let second = rest.prefix { !isBlank($0) }
                if second.contains(UInt8(ascii: "=")) {
                    result = .influx
                    return
                }
                let secondIsNumber =
                    second.withContiguousStorageIfAvailable {
                        FastNumber.parseDouble($0.baseAddress!, $0.count) != nil
                    } ?? false
                if secondIsNumber, !line[..<blank].contains(UInt8(ascii: ",")) {
                    result = .graphite
                    return
                }
                if line[..<blank].contains(UInt8(ascii: ",")), line[..<blank].contains(UInt8(ascii: "=")) {
                    result = .influx
                    return
                }
            }
            if line.contains(UInt8(ascii: ",")) || line.contains(UInt8(ascii: "\t")) || line.contains(UInt8(ascii: ";")) {
                result = .csv
            }
        }
        return result
    }

    /// Parses a batch in this format, appending to `batch`.
    public func parse(_ bytes: UnsafeRawBufferPointer, options: ParseOptions, into batch: inout ParsedBatch) {
        switch self {
        case .csv: CSVParser.parse(bytes, options: options, into: &batch)
        case .graphite: GraphiteParser.parse(bytes, options: options, into: &batch)
        case .influx: InfluxParser.parse(bytes, options: options, into: &batch)
        case .json: JSONParser.parse(bytes, options: options, into: &batch)
        case .prometheus: PrometheusTextParser.parse(bytes, options: options, into: &batch)
        }
    }
}
