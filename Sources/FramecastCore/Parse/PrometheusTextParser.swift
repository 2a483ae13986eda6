/// Prometheus text exposition format 0.0.4 (what `/metrics` endpoints serve):
/// `name[{label="value",...}] value [timestamp_ms]`.
///
/// Series naming rule: the metric name with its labels as tags, sorted by label name, in the
/// Graphite tagged form: `up{job="node",instance="10.0.0.1:9100"} 1` is the series
/// `up;instance=10.0.0.1:9100;job=node`. A label with an empty value is no label (as in
/// Prometheus). Histograms and summaries are their `_bucket{le=…}` / `_sum` / `_count` (and
/// `{quantile=…}`) series, as they are exposed; `# TYPE`, `# HELP` and other comments are skipped.
/// Label values take the format's escapes `\\`, `\"` and `\n`. `NaN`, `+Inf` and `-Inf` are
/// read as the format allows, then refused as values (Framecast stores finite numbers only) with
/// the line number; `le="+Inf"` is a label value and is kept. A missing timestamp means "now".
public enum PrometheusTextParser {
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: ParseOptions,
        into batch: inout ParsedBatch
    ) {
        parse(bytes, options: options, scrape: nil, into: &batch)
    }

    static func parse(
        _ bytes: UnsafeRawBufferPointer, options: ParseOptions, scrape: ScrapeLabels?,
        into batch: inout ParsedBatch
    ) {
        batch.reserve(batch.values.count + bytes.count / 60)
        var scratch = Scratch()
        scratch.target = scrape?.labels ?? []
        forEachLine(bytes) { line, start, count in
            batch.linesRead += 1
            switch scratch.read(start, count, options: options, into: &batch) {
            case .success(let point): batch.append(series: point.id, time: point.time, value: point.value)
            // A scraped NaN is "no value" (a summary before any observation): dropped, as
            // Prometheus' own staleness NaNs are on remote_write, not a failed scrape.
            case .failure(.nonFiniteValue) where scrape != nil: batch.skippedFields += 1
            case .failure(let reason): batch.reject(line: line, reason, limit: options.maxReportedRejections)
            }
        }
    }

    /// Per-parse buffers reused for every line, so a line costs no allocation.
    struct Scratch {
        var labelBytes: [UInt8] = []
        var labels: [(key: Range<Int>, value: Range<Int>)] = []
        var key: [UInt8] = []
        /// Labels a scrape adds to every sample (see `ScrapeLabels`); empty when parsing a push.
        var target: [(name: [UInt8], value: [UInt8])] = []

        init() {
            labelBytes.reserveCapacity(256)
            key.reserveCapacity(512)
        }

        static func isNameStart(_ c: UInt8) -> Bool {
            (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
        }

        static func isNameByte(_ c: UInt8) -> Bool {
            isNameStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }

        static func skipBlanks(_ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int) {
            while i < count, isBlank(p[i]) { i += 1 }
        }

        mutating func read(
            _ p: UnsafePointer<UInt8>, _ count: Int, options: ParseOptions, into batch: inout ParsedBatch
        ) -> Result<(id: Int32, time: EpochMillis, value: Double), LineRejection.Reason> {
            var i = 0
            guard Self.isNameStart(p[0]) else {
                return .failure(.malformed("expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) at the start of the line"))
            }
            while i < count, Self.isNameByte(p[i]) { i += 1 }
            let nameEnd = i
            var escaped = false
            labelBytes.removeAll(keepingCapacity: true)
            labels.removeAll(keepingCapacity: true)
            Self.skipBlanks(p, count, &i)
            if i < count, p[i] == UInt8(ascii: "{") {
                i += 1
                if let problem = readLabels(p, count, &i, nameLength: nameEnd, limit: options.maxNameLength, escaped: &escaped) {
                    return .failure(problem)
                }
            }
            let seriesEnd = i
            Self.skipBlanks(p, count, &i)
            let valueStart = i
            while i < count, !isBlank(p[i]) { i += 1 }
            let valueLength = i - valueStart
            guard valueLength > 0 else { return .failure(.malformed("expected a value after the metric name and labels")) }
            let value: Double
            switch FastNumber.parseDouble(p + valueStart, valueLength) {
            case .number(let number)?: value = number
            case .nonFinite?: return .failure(.nonFiniteValue)
            case nil: return .failure(.badValue(fieldText(p + valueStart, valueLength)))
            }
            Self.skipBlanks(p, count, &i)
            var time = options.now
            if i < count {
                let timeStart = i
                while i < count, !isBlank(p[i]) { i += 1 }
                let timeLength = i - timeStart
                Self.skipBlanks(p, count, &i)
                guard i == count else { return .failure(.malformed("unexpected text after the timestamp")) }
                guard let millis = FastNumber.parseInt(p + timeStart, timeLength) else {
                    return .failure(.badTimestamp(fieldText(p + timeStart, timeLength)))
                }
                guard EpochTime.validRange.contains(millis) else {
                    return .failure(.timestampOutOfRange(fieldText(p + timeStart, timeLength)))
                }
                time = millis
            }
            // The raw spelling `name{labels}` is an alias of the canonical key once seen. Not when
            // scraping: the same spelling names another series once the target's labels are added.
            let aliases = !escaped && target.isEmpty
            if aliases, let id = batch.interner.lookup(p, seriesEnd) { return .success((id, time, value)) }
            if !target.isEmpty { addTargetLabels() }
            switch intern(p, nameEnd: nameEnd, into: &batch, options: options) {
            case .success(let id):
                if aliases, labels.count > 0 { batch.interner.alias(p, seriesEnd, to: id) }
                return .success((id, time, value))
            case .failure(let reason): return .failure(reason)
            }
        }

        /// Reads `label="value",...}` after the `{`, leaving `i` after the `}`. Stops as soon as
        /// the series name would pass `limit`, so a line of a million labels costs one pass
        /// and no quadratic duplicate check.
        mutating func readLabels(
            _ p: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int, nameLength: Int, limit: Int, escaped: inout Bool
        ) -> LineRejection.Reason? {
            while true {
                Self.skipBlanks(p, count, &i)
                guard i < count else { return .malformed("labels have no closing '}'") }
                if p[i] == UInt8(ascii: "}") {
                    i += 1
                    return nil
                }
                guard Self.isNameStart(p[i]) else { return .malformed("expected a label name at column \(i + 1)") }
                let keyStart = labelBytes.count
                while i < count, Self.isNameByte(p[i]) {
                    labelBytes.append(p[i])
                    i += 1
                }
                let keyEnd = labelBytes.count
                Self.skipBlanks(p, count, &i)
                guard i < count, p[i] == UInt8(ascii: "=") else { return .malformed("expected '=' after a label name") }
                i += 1
                Self.skipBlanks(p, count, &i)
                guard i < count, p[i] == UInt8(ascii: "\"") else { return .malformed("expected a quoted label value") }
                i += 1
                var closed = false
                while i < count {
                    let c = p[i]
                    if c == UInt8(ascii: "\"") {
                        closed = true
                        i += 1
                        break
                    }
                    if c == UInt8(ascii: "\\"), i + 1 < count {
                        escaped = true
                        let next = p[i + 1]
                        labelBytes.append(next == UInt8(ascii: "n") ? 0x0A : next)
                        i += 2
                    } else {
                        labelBytes.append(c)
                        i += 1
                    }
                }
                guard closed else { return .malformed("label value has no closing quote") }
                // `name` + `;k=v` per label: what the canonical key will need at least.
                let keyLength = nameLength + labelBytes.count + 2 * (labels.count + 1)
                if keyLength > limit { return .nameTooLong(length: keyLength, limit: limit) }
                let name = labelBytes[keyStart..<keyEnd]
                if labels.contains(where: { labelBytes[$0.key].elementsEqual(name) }) {
                    return .malformed("label '\(String(decoding: name, as: UTF8.self))' appears twice")
                }
                // An empty value is the same as no label, as Prometheus has it.
                if labelBytes.count > keyEnd {
                    labels.append((keyStart..<keyEnd, keyEnd..<labelBytes.count))
                } else {
                    labelBytes.removeSubrange(keyStart...)
                }
                Self.skipBlanks(p, count, &i)
                if i < count, p[i] == UInt8(ascii: ",") {
                    i += 1
                } else if i < count, p[i] != UInt8(ascii: "}") {
                    return .malformed("expected ',' or '}' after a label value")
                }
            }
        }

        /// Builds `name;k=v;...` with labels sorted and interns it.
        mutating func intern(
            _ p: UnsafePointer<UInt8>, nameEnd: Int, into batch: inout ParsedBatch, options: ParseOptions
        ) -> Result<Int32, LineRejection.Reason> {
            for label in labels {
                let value = labelBytes[label.value]
                if value.contains(UInt8(ascii: ";")) || value.contains(UInt8(ascii: "=")) {
                    return .failure(
                        .forbiddenCharacter("';' or '=' in the value of label '\(String(decoding: labelBytes[label.key], as: UTF8.self))'"))
                }
            }
            if labels.count > 1 {
                let bytes = labelBytes
                labels.sort { lhs, rhs in bytes[lhs.key].lexicographicallyPrecedes(bytes[rhs.key]) }
            }
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: UnsafeBufferPointer(start: p, count: nameEnd))
            for label in labels {
                key.append(UInt8(ascii: ";"))
                key.append(contentsOf: labelBytes[label.key])
                key.append(UInt8(ascii: "="))
                key.append(contentsOf: labelBytes[label.value])
            }
            return key.withUnsafeBufferPointer { buffer in
                NameRules.intern(buffer.baseAddress!, buffer.count, into: &batch, limit: options.maxNameLength)
            }
        }
    }
}
