@testable import FramecastCore

/// Parses text in a format, as the CLI and server do.
func parse(_ text: String, _ format: InputFormat, options: ParseOptions = ParseOptions(defaultSeries: "file")) -> ParsedBatch {
    var batch = ParsedBatch()
    var copy = text
    copy.withUTF8 { buffer in
        format.parse(UnsafeRawBufferPointer(buffer), options: options, into: &batch)
    }
    return batch
}

/// A small deterministic generator (SplitMix64) so property tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ParsedBatch {
    /// Points of one series as (time, value) pairs, in input order.
    func points(_ canonical: String) -> [(EpochMillis, Double)] {
        guard let id = keys.firstIndex(where: { $0.canonical == canonical }) else { return [] }
        return series.indices.filter { series[$0] == Int32(id) }.map { (times[$0], values[$0]) }
    }
}
