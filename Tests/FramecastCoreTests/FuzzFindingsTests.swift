import Testing

@testable import FramecastCore

/// Inputs the fuzz targets (Fuzz/FuzzTargets.swift) or issue 12 found trapping or blowing up,
/// kept here so the normal suite fails if one comes back.
@Suite struct FuzzFindingsTests {
    @Test("time target: a relative offset of Int64.max ms trapped in base + duration")
    func relativeOffsetOverflow() {
        for now: EpochMillis in [0, 1_700_000_000_000] {
            #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse("+9223372036854775807ms", now: now) }
            #expect(throws: TimeExpression.Failure.self) { try TimeExpression.parse("-9223372036854775807ms", now: now) }
        }
        // At the extremes of `now` the sum may land back in range (Int64.min + Int64.max = -1); it must not trap.
        for now: EpochMillis in [.max, .min] {
            for text in ["+9223372036854775807ms", "-9223372036854775807ms", "-9223372036854775808ms"] {
                _ = try? TimeExpression.parse(text, now: now)
            }
        }
    }

    @Test("glob target: forty stars then zz took exponential time; the NFA stays within its step bound")
    func starsBlowUp() {
        let glob = Glob(String(repeating: "*", count: 40) + "zz")
        let name = String(repeating: "a", count: 200)
        var steps = 0
        #expect(!glob.matches(name: name, steps: &steps))
        #expect(steps <= (name.count + 1) * (glob.pattern.count + 2) * 4 + 16)
    }

    @Test("csv target: a one-field row without a header ('20') indexed a value column that does not exist")
    func oneFieldCSV() {
        var batch = ParsedBatch()
        Array("20".utf8).withUnsafeBytes { CSVParser.parse($0, options: ParseOptions(), into: &batch) }
        #expect(batch.acceptedPoints == 0)
        #expect(batch.rejectedLines == 1)
    }

    @Test("checkpoint target: fields declaring no policy trapped on the policy index bound (count - 1 = -1)")
    func checkpointWithoutPolicies() throws {
        let fields: [UInt8] = [0x01, 0x00, 0x01, 0x01, 0x00, 0x26, 0x4e, 0x00, 0x00]
        var framed = CheckpointFormat.magic + [UInt8(CheckpointFormat.version & 0xFF), UInt8(CheckpointFormat.version >> 8)]
        framed += fields
        let sum = framed.withUnsafeBufferPointer { CheckpointFormat.checksum($0) }
        for i in 0..<8 { framed.append(UInt8(truncatingIfNeeded: sum >> UInt64(8 * i))) }
        let rules = RetentionRules(default: try RetentionPolicy("10s:1h"))
        #expect(throws: CheckpointError.self) { try Aggregator(restoring: framed, rules: rules) }
    }

    @Test("statsd target: a sample rate of @0.0 counted 1/0 = Infinity; it is a bad line now")
    func statsdZeroSampleRate() {
        var metrics: [StatsdMetric] = []
        let bad = StatsdParser.parse("gorets:1|c\nglork:320|ms|@0.0\nhits:1|c|@0\nok:2|c|@0.5", into: &metrics)
        #expect(bad == 2)
        #expect(metrics.map(\.key) == ["gorets", "ok"])
        var aggregator = StatsdAggregator()
        for metric in metrics { aggregator.add(metric) }
        #expect(aggregator.flush(intervalMillis: 10_000).allSatisfy { $0.value.isFinite })
    }
}
