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

/// Property tests repeat exactly from a seed.
typealias SeededGenerator = SplitMix64

extension ParsedBatch {
    /// Points of one series as (time, value) pairs, in input order.
    func points(_ canonical: String) -> [(EpochMillis, Double)] {
        guard let id = keys.firstIndex(where: { $0.canonical == canonical }) else { return [] }
        return series.indices.filter { series[$0] == Int32(id) }.map { (times[$0], values[$0]) }
    }
}
