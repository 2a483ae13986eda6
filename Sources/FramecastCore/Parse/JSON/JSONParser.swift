/// JSON batches, in the shapes metric senders use:
/// - a point: `{"name": "cpu.user", "tags": {"host": "a"}, "timestamp": 1700000000, "value": 1.5}`
///   (`series`, `metric` or `path` for the name; `time` or `ts` for the timestamp, which may be
///   epoch s/ms/µs/ns or ISO-8601 text; no timestamp means now);
/// - a series: `{"name": "cpu.user", "tags": {…}, "points": [[1700000000, 1.5], …]}` (points may
///   also be `{"timestamp": …, "value": …}` objects);
/// - an array of points or series, `{"series": [ … ]}`, or newline-delimited JSON (one per line).
/// Each bad point is rejected with the line it starts on; the batch's good points are kept. A
/// syntax error stops the document there (what came before is kept) except in newline-delimited
/// JSON, where reading resumes at the next line.
public enum JSONParser {
    static let nameKeys = ["name", "series", "metric", "path"]
    static let timeKeys = ["timestamp", "time", "ts"]

    public static func parse(_ bytes: UnsafeRawBufferPointer, options: ParseOptions, into batch: inout ParsedBatch) {
        let buffer = bytes.bindMemory(to: UInt8.self)
        let lines = LineIndex(buffer)
        var reader = JSONReader(buffer)
        let context = Context(options: options, lines: lines)
        reader.skipWhitespace()
        while !reader.atEnd {
            let start = reader.index
            do {
                if buffer[start] == UInt8(ascii: "[") {
                    // A top-level array is handled element by element, so a syntax error late in
                    // the document keeps every point before it.
                    try reader.elements { offset, value in context.handle(value, offset: offset, into: &batch) }
                } else {
                    context.handle(try reader.value(), offset: start, into: &batch)
                }
            } catch {
                let line = lines.line(at: error.offset)
                batch.linesRead += 1
                batch.reject(line: line, .malformed("JSON syntax: \(error.message)"), limit: options.maxReportedRejections)
                // Newline-delimited JSON: the broken record was one line; carry on with the next.
                guard lines.line(at: start) == line, let next = lines.start(ofLine: line + 1) else { return }
                reader.index = next
            }
            reader.skipWhitespace()
        }
    }

    struct Context {
        let options: ParseOptions
        let lines: LineIndex

        func reject(_ offset: Int, _ reason: LineRejection.Reason, _ batch: inout ParsedBatch) {
            batch.linesRead += 1
            batch.reject(line: lines.line(at: offset), reason, limit: options.maxReportedRejections)
        }

        func handle(_ value: JSONValue, offset: Int, into batch: inout ParsedBatch) {
            switch value {
            case .array(let elements):
                for element in elements { handleRecord(element.value, offset: element.offset, into: &batch) }
            default:
                handleRecord(value, offset: offset, into: &batch)
            }
        }

        func handleRecord(_ value: JSONValue, offset: Int, into batch: inout ParsedBatch) {
            guard case .object = value else { return reject(offset, .malformed("expected a JSON object for a point or a series"), &batch) }
            if value["name"] == nil, value["metric"] == nil, value["path"] == nil, case .array(let list)? = value["series"] {
                for element in list { handleRecord(element.value, offset: element.offset, into: &batch) }
                return
            }
            guard case .string(let name)? = value.member(JSONParser.nameKeys) else {
                return reject(offset, .malformed("object has no \"name\" (or \"series\", \"metric\", \"path\") string"), &batch)
            }
            let id: Int32
            switch seriesID(name: name, tags: value["tags"], into: &batch) {
            case .success(let found): id = found
            case .failure(let reason): return reject(offset, reason, &batch)
            }
            if case .array(let points)? = value["points"] {
                for point in points { handlePoint(point.value, offset: point.offset, id: id, into: &batch) }
            } else {
                handlePoint(value, offset: offset, id: id, into: &batch)
            }
        }

        func handlePoint(_ point: JSONValue, offset: Int, id: Int32, into batch: inout ParsedBatch) {
            let timeValue: JSONValue?
            let valueValue: JSONValue?
            switch point {
            case .array(let pair) where pair.count == 2:
                (timeValue, valueValue) = (pair[0].value, pair[1].value)
            case .object:
                (timeValue, valueValue) = (point.member(JSONParser.timeKeys), point["value"])
            default:
                return reject(offset, .malformed("a point is [timestamp, value] or {\"timestamp\": …, \"value\": …}"), &batch)
            }
            let value: Double
            switch valueValue {
            case .number(let number)? where !number.isFinite: return reject(offset, .nonFiniteValue, &batch)
            case .number(let number)?: value = number
            case .integer(let number)?: value = Double(number)
            case .bool(let flag)?: value = flag ? 1 : 0
            case .string(let text)?: return reject(offset, .badValue(text), &batch)
            case nil: return reject(offset, .malformed("point has no \"value\""), &batch)
            default: return reject(offset, .badValue("null"), &batch)
            }
            var time = options.now
            switch timeValue {
            case nil, .null?: break
            case .integer(let number)?:
                switch TimestampParser.scaleEpoch(number) {
                case .success(let millis): time = millis
                case .failure: return reject(offset, .timestampOutOfRange(String(number)), &batch)
                }
            case .number(let number)?:
                switch options.timestamps.parse(String(number)) {
                case .success(let millis): time = millis
                case .failure: return reject(offset, .timestampOutOfRange(String(number)), &batch)
                }
            case .string(let text)?:
                switch options.timestamps.parse(text) {
                case .success(let millis): time = millis
                case .failure(.outOfRange): return reject(offset, .timestampOutOfRange(text), &batch)
                case .failure(.unreadable): return reject(offset, .badTimestamp(text), &batch)
                }
            default: return reject(offset, .badTimestamp("not a number or a string"), &batch)
            }
            batch.linesRead += 1
            batch.append(series: id, time: time, value: value)
        }

        /// Interns `name` with `tags` in canonical form, checking the name rules.
        func seriesID(name: String, tags: JSONValue?, into batch: inout ParsedBatch) -> Result<Int32, LineRejection.Reason> {
            var pairs: [SeriesKey.Tag] = []
            if let tags {
                guard case .object(let members) = tags else { return .failure(.malformed("\"tags\" must be an object")) }
                for member in members {
                    let (key, value) = (member.key, member.value)
                    let text: String
                    switch value {
                    case .string(let string): text = string
                    case .integer(let number): text = String(number)
                    case .number(let number): text = String(number)
                    case .bool(let flag): text = String(flag)
                    default: return .failure(.malformed("tag \"\(key)\" must be a string or a number"))
                    }
                    if key.isEmpty || text.isEmpty || (key + text).contains(where: { $0 == ";" || $0 == "=" }) {
                        return .failure(.forbiddenCharacter("an empty tag, or ';' or '=' inside a tag"))
                    }
                    pairs.append(SeriesKey.Tag(key, text))
                }
            }
            if name.contains(";") || name.contains("=") { return .failure(.forbiddenCharacter("';' or '=' in the name")) }
            var canonical = SeriesKey(name: name, tags: pairs).canonical
            return canonical.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return .failure(.emptyName) }
                return NameRules.intern(base, bytes.count, into: &batch, limit: options.maxNameLength)
            }
        }
    }
}

/// Byte offsets of line starts, for turning an offset into a 1-based line number.
struct LineIndex {
    private var starts: [Int] = [0]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
    }

    func line(at offset: Int) -> Int { starts.partitionPoint { $0 > offset } }

    func start(ofLine line: Int) -> Int? { line - 1 < starts.count ? starts[line - 1] : nil }
}
