import FramecastCore

extension ExportCommand {
    /// The series of the `--input` files that match the glob, and what the command reports of them.
    struct InputSeries {
        var sources: [any ChartSource]
        /// First and last time over the matched series.
        var range: ClosedRange<EpochMillis>?
        var pointsRead: Int
        /// The second pass's reader, whose failure (a file changed since the scan) ends the command.
        var streamed: StreamedInputs?
    }

    /// Two passes over the files, holding no points: a scan finds the series, their spans and the
    /// summaries over [from, until); the matched series are then reduced in one more read when the
    /// chart asks for their columns. A matched series whose points are out of time order (M4
    /// needs them sorted) is the exception: then the files are loaded whole and sorted, as before.
    func readInputs(from: EpochMillis?, until: EpochMillis?, glob: Glob, options: ParseOptions) throws -> InputSeries {
        let reading = InputReading(format: inputFormat, options: options, chunkBytes: max(64, chunkBytes))
        let scan = try InputScan(inputs, inputs: reading, lower: from, upper: until) { warning($0) }
        if strict, scan.rejectedLines > 0 {
            let count = scan.rejectedLines
            throw CLIError("\(count) malformed line\(count == 1 ? "" : "s") (see above); --strict accepts none: fix them or drop --strict")
        }
        let keys = scan.series.keys.sorted()
        let matched = keys.filter { glob.matches($0) }
        guard !matched.isEmpty else {
            throw noMatch(keys.prefix(11).map(\.description), total: keys.count)
        }
        let first = matched.map { scan.series[$0]!.first }.min()!
        let last = matched.map { scan.series[$0]!.last }.max()!
        if from != nil, until != nil, matched.allSatisfy({ scan.series[$0]!.summary.count == 0 }) {
            warning("no points of the matched series fall in the time range; the chart is empty")
        }
        guard matched.allSatisfy({ scan.series[$0]!.ordered }) else {
            let loaded = try InputLoader(format: inputFormat, options: options, strict: false).load(inputs) { _ in }
            return InputSeries(
                sources: loaded.series.filter { glob.matches($0.key) }, range: first...last,
                pointsRead: scan.acceptedPoints, streamed: nil)
        }
        let streamed = StreamedInputs(
            paths: inputs, reading: reading,
            windowCounts: Dictionary(uniqueKeysWithValues: matched.map { ($0, scan.series[$0]!.summary.count) }))
        let sources = matched.map { StreamedSeries(key: $0, inputs: streamed, scanned: scan.series[$0]!, lower: from, upper: until) }
        return InputSeries(sources: sources, range: first...last, pointsRead: scan.acceptedPoints, streamed: streamed)
    }
}
