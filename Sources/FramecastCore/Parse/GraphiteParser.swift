/// Graphite plaintext: `path value [timestamp]` per line, blank-separated. A missing timestamp
/// or `-1` means "now" (as carbon does). Tagged paths (`cpu;host=a`) are put in canonical form.
public enum GraphiteParser {
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: ParseOptions,
        into batch: inout ParsedBatch
    ) {
        batch.reserve(batch.values.count + bytes.count / 40)
        let limit = options.maxReportedRejections
        forEachLine(bytes) { line, start, count in
            batch.linesRead += 1
            // Split into blank-separated fields; local variables, so no allocation per line.
            var s0 = 0
            var l0 = 0
            var s1 = 0
            var l1 = 0
            var s2 = 0
            var l2 = 0
            var fields = 0
            var i = 0
            while i < count {
                while i < count, isBlank(start[i]) { i += 1 }
                if i >= count { break }
                let begin = i
                while i < count, !isBlank(start[i]) { i += 1 }
                switch fields {
                case 0:
                    s0 = begin
                    l0 = i - begin
                case 1:
                    s1 = begin
                    l1 = i - begin
                case 2:
                    s2 = begin
                    l2 = i - begin
                default: break
                }
                fields += 1
            }
            guard fields == 2 || fields == 3 else {
                batch.reject(
                    line: line, .malformed("expected 'path value [timestamp]', found \(fields) field\(fields == 1 ? "" : "s")"),
                    limit: limit)
                return
            }
            let valueStart = start + s1
            let value: Double
            switch FastNumber.parseDouble(valueStart, l1) {
            case .number(let number)?: value = number
            case .nonFinite?:
                batch.reject(line: line, .nonFiniteValue, limit: limit)
                return
            case nil:
                batch.reject(line: line, .badValue(fieldText(valueStart, l1)), limit: limit)
                return
            }
            var time = options.now
            if fields == 3 {
                let timeStart = start + s2
                let timeLength = l2
                if !(timeLength == 2 && timeStart[0] == UInt8(ascii: "-") && timeStart[1] == UInt8(ascii: "1")) {
                    switch options.timestamps.parse(timeStart, timeLength) {
                    case .success(let millis): time = millis
                    case .failure(.outOfRange):
                        batch.reject(line: line, .timestampOutOfRange(fieldText(timeStart, timeLength)), limit: limit)
                        return
                    case .failure(.unreadable):
                        batch.reject(line: line, .badTimestamp(fieldText(timeStart, timeLength)), limit: limit)
                        return
                    }
                }
            }
            switch NameRules.intern(start + s0, l0, into: &batch, limit: options.maxNameLength) {
            case .success(let id): batch.append(series: id, time: time, value: value)
            case .failure(let reason): batch.reject(line: line, reason, limit: limit)
            }
        }
    }
}
