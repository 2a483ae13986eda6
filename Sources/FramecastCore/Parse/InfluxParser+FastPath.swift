#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension InfluxParser {
    /// The common case, without copying or canonicalising: a line with no backslash whose
    /// fields' series are already known by their raw spelling `measurement,tags field` (aliases
    /// the full parser registers in the interner). Anything else — a new series, an escape, a
    /// malformed field — returns false having stored nothing, and the full parser takes the line
    /// (and reports what is wrong with it).
    struct FastPath {
        static let capacity = 1024
        let spelling = UnsafeMutablePointer<UInt8>.allocate(capacity: FastPath.capacity)
        var ids: [Int32] = []
        var values: [Double] = []

        init() {
            ids.reserveCapacity(64)
            values.reserveCapacity(64)
        }

        func release() { spelling.deallocate() }

        mutating func parse(
            _ p: UnsafePointer<UInt8>, _ count: Int, options: ParseOptions,
            into batch: inout ParsedBatch
        ) -> Bool {
            guard memchr(p, 0x5C, count) == nil,  // no backslash
                let space = memchr(p, 0x20, count)
            else { return false }
            let seriesEnd = UnsafePointer<UInt8>(space.assumingMemoryBound(to: UInt8.self)) - p
            guard seriesEnd > 0, seriesEnd + 1 < Self.capacity else { return false }
            memcpy(spelling, p, seriesEnd)
            spelling[seriesEnd] = 0x20
            ids.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            var strings = 0
            var i = seriesEnd
            while i < count, p[i] == 0x20 { i += 1 }
            while true {
                let keyStart = i
                while i < count, p[i] != UInt8(ascii: "="), p[i] != UInt8(ascii: ","), p[i] != 0x20 { i += 1 }
                guard i < count, p[i] == UInt8(ascii: "="), i > keyStart else { return false }
                let keyLength = i - keyStart
                i += 1
                if i < count, p[i] == UInt8(ascii: "\"") {
                    i += 1
                    while i < count, p[i] != UInt8(ascii: "\"") { i += 1 }
                    guard i < count else { return false }
                    i += 1
                    strings += 1
                } else {
                    let valueStart = i
                    while i < count, p[i] != UInt8(ascii: ","), p[i] != 0x20 { i += 1 }
                    guard case .success(let value) = Scratch.fieldValue(p + valueStart, i - valueStart),
                        seriesEnd + 1 + keyLength <= Self.capacity
                    else { return false }
                    memcpy(spelling + seriesEnd + 1, p + keyStart, keyLength)
                    guard let id = batch.interner.lookup(spelling, seriesEnd + 1 + keyLength) else { return false }
                    ids.append(id)
                    values.append(value)
                }
                if i < count, p[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                break
            }
            while i < count, p[i] == 0x20 { i += 1 }
            var time = options.now
            if i < count {
                guard let raw = FastNumber.parseInt(p + i, count - i) else { return false }
                let divisor = options.influxPrecision.divisorToMillis
                let (millis, overflow) = divisor < 0 ? raw.multipliedReportingOverflow(by: -divisor) : (raw / divisor, false)
                guard !overflow, EpochTime.validRange.contains(millis) else { return false }
                time = millis
            }
            batch.skippedFields += strings
            for k in ids.indices { batch.append(series: ids[k], time: time, value: values[k]) }
            return true
        }
    }
}
