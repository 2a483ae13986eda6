/// CSV batches. The layout is read from the first line:
/// - a header names the columns: the time column is `timestamp`/`time`/`date`/`datetime`/`ts`,
///   the series column (optional) is `series`/`name`/`metric`/`path`, every other column holds
///   values. One value column named `value` gives points to the row's series (or
///   `ParseOptions.defaultSeries`); otherwise each value column is its own series, named by its
///   header (prefixed with the row's series and a dot when there is a series column);
/// - without a header, two fields are `timestamp,value` and three are `series,timestamp,value`.
/// Separators: `,`, or `;` / tab when the first line has no comma. Fields may be double-quoted
/// (RFC 4180). An empty cell in a multi-column file is a missing point, not an error.
public enum CSVParser {
    struct Layout {
        var timeColumn = 0
        var seriesColumn: Int? = nil
        var valueColumns: [Int] = []
        var valueNames: [[UInt8]?] = []  // nil: the row's series (or the default) as it is
        var fieldCount = 2
        var hasHeader = false
    }

    static let timeNames: Set<String> = ["timestamp", "time", "date", "datetime", "ts", "_time", "epoch"]
    static let seriesNames: Set<String> = ["series", "name", "metric", "path", "measurement"]

    public static func parse(_ bytes: UnsafeRawBufferPointer, options: ParseOptions, into batch: inout ParsedBatch) {
        batch.reserve(batch.values.count + bytes.count / 24)
        var layout: Layout? = nil
        var separator = UInt8(ascii: ",")
        var fields: [Range<Int>] = []
        var unquoted: [UInt8] = []
        var name: [UInt8] = []
        let limit = options.maxReportedRejections
        forEachLine(bytes) { line, start, count in
            if layout == nil {
                separator = detectSeparator(start, count)
                split(start, count, separator: separator, into: &fields, unquoted: &unquoted)
                let detected = detectLayout(fields: fields, bytes: unquoted, options: options)
                layout = detected
                if detected.hasHeader { return }
            } else {
                split(start, count, separator: separator, into: &fields, unquoted: &unquoted)
            }
            batch.linesRead += 1
            let layout = layout!
            guard fields.count == layout.fieldCount else {
                batch.reject(line: line, .malformed("expected \(layout.fieldCount) fields, found \(fields.count)"), limit: limit)
                return
            }
            guard !layout.valueColumns.isEmpty else {
                batch.reject(line: line, .malformed("a row needs a time and at least one value column"), limit: limit)
                return
            }
            unquoted.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let timeField = fields[layout.timeColumn]
                let time: EpochMillis
                switch options.timestamps.parse(base + timeField.lowerBound, timeField.count) {
                case .success(let millis): time = millis
                case .failure(.outOfRange):
                    batch.reject(line: line, .timestampOutOfRange(fieldText(base + timeField.lowerBound, timeField.count)), limit: limit)
                    return
                case .failure(.unreadable):
                    batch.reject(line: line, .badTimestamp(fieldText(base + timeField.lowerBound, timeField.count)), limit: limit)
                    return
                }
                var parsed: [(Int, Double)] = []
                for (slot, column) in layout.valueColumns.enumerated() {
                    let field = fields[column]
                    if field.isEmpty, layout.valueColumns.count > 1 { continue }
                    switch FastNumber.parseDouble(base + field.lowerBound, field.count) {
                    case .number(let value)?: parsed.append((slot, value))
                    case .nonFinite?:
                        batch.reject(line: line, .nonFiniteValue, limit: limit)
                        return
                    case nil:
                        batch.reject(line: line, .badValue(fieldText(base + field.lowerBound, field.count)), limit: limit)
                        return
                    }
                }
                var ids: [Int32] = []
                for (slot, _) in parsed {
                    name.removeAll(keepingCapacity: true)
                    if let column = layout.seriesColumn {
                        name.append(contentsOf: UnsafeBufferPointer(start: base + fields[column].lowerBound, count: fields[column].count))
                        if let suffix = layout.valueNames[slot] {
                            name.append(UInt8(ascii: "."))
                            name.append(contentsOf: suffix)
                        }
                    } else {
                        name.append(contentsOf: layout.valueNames[slot] ?? Array(options.defaultSeries.utf8))
                    }
                    let result = name.withUnsafeBufferPointer {
                        NameRules.intern($0.baseAddress ?? base, $0.count, into: &batch, limit: options.maxNameLength)
                    }
                    switch result {
                    case .success(let id): ids.append(id)
                    case .failure(let reason):
                        batch.reject(line: line, reason, limit: limit)
                        return
                    }
                }
                for (id, value) in zip(ids, parsed) { batch.append(series: id, time: time, value: value.1) }
            }
        }
    }

    static func detectSeparator(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt8 {
        let line = UnsafeBufferPointer(start: start, count: count)
        if line.contains(UInt8(ascii: ",")) { return UInt8(ascii: ",") }
        if line.contains(UInt8(ascii: "\t")) { return UInt8(ascii: "\t") }
        if line.contains(UInt8(ascii: ";")) { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }

    /// Splits a line into fields; quoted fields are unquoted. All fields are copied into
    /// `unquoted` so ranges index one buffer.
    static func split(
        _ p: UnsafePointer<UInt8>, _ count: Int, separator: UInt8,
        into fields: inout [Range<Int>], unquoted: inout [UInt8]
    ) {
        fields.removeAll(keepingCapacity: true)
        unquoted.removeAll(keepingCapacity: true)
        var i = 0
        while true {
            while i < count, p[i] == 0x20 { i += 1 }
            let begin = unquoted.count
            if i < count, p[i] == UInt8(ascii: "\"") {
                i += 1
                while i < count {
                    if p[i] == UInt8(ascii: "\"") {
                        if i + 1 < count, p[i + 1] == UInt8(ascii: "\"") {
                            unquoted.append(p[i])
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    unquoted.append(p[i])
                    i += 1
                }
                while i < count, p[i] != separator { i += 1 }
            } else {
                while i < count, p[i] != separator {
                    unquoted.append(p[i])
                    i += 1
                }
                while unquoted.count > begin, unquoted[unquoted.count - 1] == 0x20 { unquoted.removeLast() }
            }
            fields.append(begin..<unquoted.count)
            if i >= count { break }
            i += 1
        }
    }

    static func detectLayout(fields: [Range<Int>], bytes: [UInt8], options: ParseOptions) -> Layout {
        let texts = fields.map { String(decoding: bytes[$0], as: UTF8.self) }
        let lowered = texts.map { $0.lowercased() }
        let looksLikeHeader = zip(fields, texts).contains { range, text in
            let numeric = bytes[range].withUnsafeBufferPointer { buffer -> Bool in
                guard let base = buffer.baseAddress, !buffer.isEmpty else { return true }
                if case .number? = FastNumber.parseDouble(base, buffer.count) { return true }
                if case .success = options.timestamps.parse(base, buffer.count) { return true }
                return false
            }
            return !numeric && !(fields.count == 3 && text == texts.first)
        }
        var layout = Layout()
        layout.fieldCount = fields.count
        if looksLikeHeader {
            layout.hasHeader = true
            layout.timeColumn = lowered.firstIndex(where: timeNames.contains) ?? 0
            layout.seriesColumn = lowered.firstIndex(where: seriesNames.contains)
            layout.valueColumns = fields.indices.filter { $0 != layout.timeColumn && $0 != layout.seriesColumn }
            let single = layout.valueColumns.count == 1 && lowered[layout.valueColumns[0]] == "value"
            layout.valueNames = layout.valueColumns.map { single ? nil : Array(texts[$0].utf8) }
            return layout
        }
        switch fields.count {
        case 3:
            layout.seriesColumn = 0
            layout.timeColumn = 1
            layout.valueColumns = [2]
        default:
            layout.valueColumns = fields.count >= 2 ? Array(1..<fields.count) : []
        }
        layout.valueNames =
            layout.valueColumns.count == 1
            ? [nil] : layout.valueColumns.map { Array("\(options.defaultSeries).\($0)".utf8) }
        return layout
    }
}

extension CSVParser {
    /// Whether the first line of `bytes` is a header row (as `parse` would decide), so a reader
    /// that splits a file into chunks can repeat it in front of each.
    public static func startsWithHeader(_ bytes: UnsafeRawBufferPointer, options: ParseOptions) -> Bool {
        var result = false
        var decided = false
        forEachLine(bytes) { _, start, count in
            if decided { return }
            decided = true
            var fields: [Range<Int>] = []
            var unquoted: [UInt8] = []
            split(start, count, separator: detectSeparator(start, count), into: &fields, unquoted: &unquoted)
            result = detectLayout(fields: fields, bytes: unquoted, options: options).hasHeader
        }
        return result
    }
}
