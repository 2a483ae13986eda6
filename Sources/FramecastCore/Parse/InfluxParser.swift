/// InfluxDB line protocol (Telegraf's default output):
/// `measurement[,tag=value...] field=value[,field=value...] [timestamp]`.
///
/// Series naming rule: each numeric field becomes the series `measurement.field`, tagged with the
/// line's tags, canonical form `measurement.field;tag1=v1;tag2=v2` (tags sorted by key).
/// Integers (`12i`, `12u`) and booleans (`t`/`true` → 1, `f`/`false` → 0) are stored as numbers;
/// string fields are skipped (counted in `skippedFields`) without rejecting the line. A line with
/// any malformed field is rejected whole, so a point is never half-stored.
public enum InfluxParser {
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: ParseOptions,
        into batch: inout ParsedBatch
    ) {
        batch.reserve(batch.values.count + bytes.count / 50)
        var scratch = Scratch()
        var fast = FastPath()
        defer { fast.release() }
        forEachLine(bytes) { line, start, count in
            batch.linesRead += 1
            if fast.parse(start, count, options: options, into: &batch) { return }
            switch scratch.read(start, count, options: options) {
            case .failure(let reason):
                batch.reject(line: line, reason, limit: options.maxReportedRejections)
            case .success(let time):
                batch.skippedFields += scratch.stringFields
                scratch.store(time: time, into: &batch, line: line, options: options, raw: start)
            }
        }
    }

    /// Per-parse buffers reused for every line, so a line costs no allocation.
    struct Scratch {
        var measurement: [UInt8] = []
        var tagBytes: [UInt8] = []
        var tags: [(key: Range<Int>, value: Range<Int>)] = []
        var fieldKeys: [UInt8] = []
        var fields: [(key: Range<Int>, value: Double)] = []
        var key: [UInt8] = []
        var ids: [Int32] = []
        var stringFields = 0
        /// End of `measurement,tags` in the raw line, and whether the line used escapes.
        var seriesEnd = 0
        var escaped = false

        init() {
            measurement.reserveCapacity(128)
            tagBytes.reserveCapacity(256)
            fieldKeys.reserveCapacity(128)
            key.reserveCapacity(512)
        }

        /// Reads an escaped token until an unescaped stop byte; returns the index after it.
        @inline(__always)
        static func token(
            _ p: UnsafePointer<UInt8>, _ count: Int, from index: Int, into out: inout [UInt8],
            stopAtEquals: Bool, escapedSeen: inout Bool
        ) -> Int {
            var i = index
            while i < count {
                let c = p[i]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: " ") || (stopAtEquals && c == UInt8(ascii: "=")) { break }
                if c == UInt8(ascii: "\\"), i + 1 < count {
                    escapedSeen = true
                    out.append(p[i + 1])
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
            }
            return i
        }

        mutating func read(_ p: UnsafePointer<UInt8>, _ count: Int, options: ParseOptions)
            -> Result<EpochMillis, LineRejection.Reason>
        {
            measurement.removeAll(keepingCapacity: true)
            tagBytes.removeAll(keepingCapacity: true)
            tags.removeAll(keepingCapacity: true)
            fieldKeys.removeAll(keepingCapacity: true)
            fields.removeAll(keepingCapacity: true)
            stringFields = 0
            escaped = false
            var i = Self.token(p, count, from: 0, into: &measurement, stopAtEquals: false, escapedSeen: &escaped)
            if measurement.isEmpty { return .failure(.malformed("missing measurement name")) }
            while i < count, p[i] == UInt8(ascii: ",") {
                let keyStart = tagBytes.count
                i = Self.token(p, count, from: i + 1, into: &tagBytes, stopAtEquals: true, escapedSeen: &escaped)
                let keyEnd = tagBytes.count
                guard i < count, p[i] == UInt8(ascii: "="), keyEnd > keyStart else {
                    return .failure(.malformed("tag without 'key=value' after the measurement"))
                }
                i = Self.token(p, count, from: i + 1, into: &tagBytes, stopAtEquals: false, escapedSeen: &escaped)
                if tagBytes.count == keyEnd {
                    return .failure(.malformed("tag '\(String(decoding: tagBytes[keyStart..<keyEnd], as: UTF8.self))' has an empty value"))
                }
                tags.append((keyStart..<keyEnd, keyEnd..<tagBytes.count))
            }
            if tagBytes.contains(UInt8(ascii: ";")) || tagBytes.contains(UInt8(ascii: "=")) {
                return .failure(.forbiddenCharacter("';' or '=' inside a tag"))
            }
            if measurement.contains(UInt8(ascii: ";")) { return .failure(.forbiddenCharacter("';' in the measurement")) }
            guard i < count, p[i] == UInt8(ascii: " ") else { return .failure(.malformed("missing fields after the measurement and tags")) }
            seriesEnd = i
            while i < count, p[i] == UInt8(ascii: " ") { i += 1 }
            // Fields.
            while true {
                let keyStart = fieldKeys.count
                i = Self.token(p, count, from: i, into: &fieldKeys, stopAtEquals: true, escapedSeen: &escaped)
                guard i < count, p[i] == UInt8(ascii: "="), fieldKeys.count > keyStart else {
                    return .failure(.malformed("field without 'key=value'"))
                }
                let keyRange = keyStart..<fieldKeys.count
                if fieldKeys[keyRange].contains(UInt8(ascii: ";")) { return .failure(.forbiddenCharacter("';' in a field key")) }
                i += 1
                if i < count, p[i] == UInt8(ascii: "\"") {
                    i += 1
                    while i < count, p[i] != UInt8(ascii: "\"") { i += p[i] == UInt8(ascii: "\\") ? 2 : 1 }
                    guard i < count else { return .failure(.malformed("string field value has no closing quote")) }
                    i += 1
                    stringFields += 1
                } else {
                    let valueStart = i
                    while i < count, p[i] != UInt8(ascii: ","), p[i] != UInt8(ascii: " ") { i += 1 }
                    switch Self.fieldValue(p + valueStart, i - valueStart) {
                    case .success(let value): fields.append((keyRange, value))
                    case .failure(let reason): return .failure(reason)
                    }
                }
                if i < count, p[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                break
            }
            while i < count, p[i] == UInt8(ascii: " ") { i += 1 }
            if i == count { return .success(options.now) }
            guard let raw = FastNumber.parseInt(p + i, count - i) else {
                return .failure(.badTimestamp(fieldText(p + i, count - i)))
            }
            let divisor = options.influxPrecision.divisorToMillis
            let (millis, overflow) = divisor < 0 ? raw.multipliedReportingOverflow(by: -divisor) : (raw / divisor, false)
            guard !overflow, EpochTime.validRange.contains(millis) else {
                return .failure(.timestampOutOfRange(fieldText(p + i, count - i)))
            }
            return .success(millis)
        }

        static func fieldValue(_ p: UnsafePointer<UInt8>, _ count: Int) -> Result<Double, LineRejection.Reason> {
            guard count > 0 else { return .failure(.badValue("")) }
            let last = p[count - 1]
            if last == UInt8(ascii: "i") || last == UInt8(ascii: "u"), count > 1 {
                if let integer = FastNumber.parseInt(p, count - 1) { return .success(Double(integer)) }
                if last == UInt8(ascii: "u"),
                    let big = UInt64(String(decoding: UnsafeBufferPointer(start: p, count: count - 1), as: UTF8.self))
                {
                    return .success(Double(big))
                }
                return .failure(.badValue(fieldText(p, count)))
            }
            if count <= 5, last | 0x20 == UInt8(ascii: "e") || count == 1 {
                switch String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) {
                case "t", "T", "true", "True", "TRUE": return .success(1)
                case "f", "F", "false", "False", "FALSE": return .success(0)
                default: break
                }
            }
            switch FastNumber.parseDouble(p, count) {
            case .number(let value)?: return .success(value)
            case .nonFinite?: return .failure(.nonFiniteValue)
            case nil: return .failure(.badValue(fieldText(p, count)))
            }
        }

        /// Builds `measurement.field;tags` for every numeric field and appends the points.
        mutating func store(
            time: EpochMillis, into batch: inout ParsedBatch, line: Int, options: ParseOptions,
            raw: UnsafePointer<UInt8>
        ) {
            if tags.count > 1 {
                let bytes = tagBytes
                tags.sort { lhs, rhs in bytes[lhs.key].lexicographicallyPrecedes(bytes[rhs.key]) }
            }
            ids.removeAll(keepingCapacity: true)
            for field in fields {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: measurement)
                key.append(UInt8(ascii: "."))
                key.append(contentsOf: fieldKeys[field.key])
                for tag in tags {
                    key.append(UInt8(ascii: ";"))
                    key.append(contentsOf: tagBytes[tag.key])
                    key.append(UInt8(ascii: "="))
                    key.append(contentsOf: tagBytes[tag.value])
                }
                let result = key.withUnsafeBufferPointer { buffer in
                    NameRules.intern(buffer.baseAddress!, buffer.count, into: &batch, limit: options.maxNameLength)
                }
                switch result {
                case .success(let id): ids.append(id)
                case .failure(let reason):
                    batch.reject(line: line, reason, limit: options.maxReportedRejections)
                    return
                }
            }
            for (id, field) in zip(ids, fields) { batch.append(series: id, time: time, value: field.value) }
            // Remember each field's raw spelling so the fast path finds it next time.
            if !escaped {
                for (id, field) in zip(ids, fields) {
                    key.removeAll(keepingCapacity: true)
                    key.append(contentsOf: UnsafeBufferPointer(start: raw, count: seriesEnd))
                    key.append(UInt8(ascii: " "))
                    key.append(contentsOf: fieldKeys[field.key])
                    key.withUnsafeBufferPointer { batch.interner.alias($0.baseAddress!, $0.count, to: id) }
                }
            }
        }
    }
}
