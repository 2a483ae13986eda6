import Foundation

// libFuzzer entry point for every Framecast fuzz target. It is compiled together with the
// FramecastCore sources (one module) by scripts/fuzz/run.sh; FRAMECAST_FUZZ_TARGET picks the target.
// Each target must never trap, whatever the bytes: a crash is a finding.

/// The fuzz targets, by the name run.sh and Fuzz/corpus/<name>/ use.
enum FuzzTarget: String, CaseIterable {
    case graphite, influx, csv, json, prometheus, statsd, logbatch, checkpoint, chartparams, glob, time

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .graphite: FuzzTarget.parse(.graphite, bytes)
        case .influx: FuzzTarget.parse(.influx, bytes)
        case .csv: FuzzTarget.parse(.csv, bytes)
        case .json: FuzzTarget.parse(.json, bytes)
        case .prometheus: FuzzTarget.parse(.prometheus, bytes)
        case .statsd: FuzzTarget.statsd(bytes)
        case .logbatch: FuzzTarget.logBatch(bytes)
        case .checkpoint: FuzzTarget.checkpoint(bytes)
        case .chartparams: FuzzTarget.chartParameters(bytes)
        case .glob: FuzzTarget.glob(bytes)
        case .time: FuzzTarget.time(bytes)
        }
    }

    static func parse(_ format: InputFormat, _ bytes: UnsafeRawBufferPointer) {
        var batch = ParsedBatch()
        format.parse(bytes, options: ParseOptions(now: 1_700_000_000_000), into: &batch)
        precondition(batch.series.count == batch.times.count && batch.times.count == batch.values.count)
        for time in batch.times { precondition(EpochTime.validRange.contains(time), "time \(time) out of range") }
        _ = InputFormat.detect(bytes)
    }

    /// One UDP packet through the statsd parser, then the aggregator and a flush.
    static func statsd(_ bytes: UnsafeRawBufferPointer) {
        var metrics: [StatsdMetric] = []
        _ = StatsdParser.parse(String(decoding: bytes, as: UTF8.self), into: &metrics)
        var aggregator = StatsdAggregator(percentThresholds: [50, 90, 99.9])
        for metric in metrics { aggregator.add(metric) }
        // Huge values may overflow to ±Inf in a sum; the flush goes through the Graphite parser,
        // which refuses non-finite values, so only a trap is a finding here.
        _ = aggregator.flush(intervalMillis: 10_000)
    }

    /// The bytes as a batch body with a valid header and CRC, so the decoder's field checks are reached.
    static func logBatch(_ bytes: UnsafeRawBufferPointer) {
        _ = try? LogBatchCodec.decode(Array(bytes))
        var framed = LogBatchCodec.magic + [LogBatchCodec.version, bytes.first.map { $0 & LogBatchCodec.knownFlags } ?? 0]
        framed += bytes.dropFirst()
        let crc = CRC32C.checksum(framed)
        framed += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
        _ = try? LogBatchCodec.decode(framed)
    }

    /// The bytes as checkpoint fields with a valid header and checksum, so the field reader is reached.
    static func checkpoint(_ bytes: UnsafeRawBufferPointer) {
        guard let policy = try? RetentionPolicy("10s:1h") else { return }
        let rules = RetentionRules(default: policy)
        _ = try? Aggregator(restoring: Array(bytes), rules: rules)
        var framed = CheckpointFormat.magic + [UInt8(CheckpointFormat.version & 0xFF), UInt8(CheckpointFormat.version >> 8)]
        framed += bytes
        let sum = framed.withUnsafeBufferPointer { CheckpointFormat.checksum($0) }
        for i in 0..<8 { framed.append(UInt8(truncatingIfNeeded: sum >> UInt64(8 * i))) }
        if let restored = try? Aggregator(restoring: framed, rules: rules) { _ = restored.checkpoint() }
    }

    /// `key=value&…` (no percent-decoding) through the table parser and on to a chart spec.
    static func chartParameters(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        let pairs: [(String, String)] = text.split(separator: "&").map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
        }
        let known = ChartParameterName.allCases.map(\.rawValue)
        guard
            let values = try? ChartParameters.collect(pairs, naming: { ChartParameterName(rawValue: $0) }, known: known),
            let parameters = try? ChartParameters.parse(values, now: 1_700_000_000_000)
        else { return }
        _ = try? parameters.annotations(now: 1_700_000_000_000)
    }

    /// First line: the pattern; the rest: names to match it against.
    static func glob(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let glob = Glob(String(lines.first ?? ""))
        _ = try? Glob.validated(glob.pattern)
        var steps = 0
        for name in lines.dropFirst() {
            let before = steps
            _ = glob.matches(name: String(name), steps: &steps)
            let bound = (name.count + 1) * (glob.pattern.count + 2) * 4 + 16
            precondition(steps - before <= bound, "glob did \(steps - before) steps, bound \(bound)")
            _ = glob.matches(SeriesKey(name: String(name), tags: [.init("host", String(name))]))
        }
    }

    static func time(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        for now: EpochMillis in [0, 1_700_000_000_000, .max, .min] {
            if let millis = try? TimeExpression.parse(text, now: now), text.hasPrefix("+") || text.hasPrefix("-") {
                precondition(TimeExpression.relativeRange.contains(millis))
            }
        }
        _ = TimeExpression.parseDuration(Substring(text))
        _ = try? RetentionPolicy(text)
        _ = TimestampParser().parse(text)
    }
}

nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    if selected == nil {
        guard let name = getenv("FRAMECAST_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name)
        else {
            fatalError("set FRAMECAST_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
        }
        selected = target
    }
    selected?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
