/// A vertical mark on the time axis: a line at one time, or a shaded span between two.
public struct Annotation: Sendable, Hashable {
    public let time: EpochMillis
    /// End of a span; nil for a line.
    public let end: EpochMillis?
    public let label: String?

    /// A line at `time`, or a span from `time` to `end`. Checked when the ChartSpec is made.
    public init(time: EpochMillis, end: EpochMillis? = nil, label: String? = nil) {
        self.time = time
        self.end = end
        self.label = label.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isSpan: Bool { end != nil }

    /// Parses `TIME[/TIME2][:LABEL]`, times in any form `TimeExpression` reads (`-2h`, epochs,
    /// `2014-11-02T01:30:00`, naive times in the parser's zone). Times hold colons themselves, so
    /// the longest prefix that reads as times is taken and the rest is the label:
    /// `2014-11-02T01:30:00:deploy v2` → 01:30:00, "deploy v2".
    public init(parsing text: String, now: EpochMillis, parser: TimestampParser = TimestampParser()) throws(ChartSpecError) {
        var cuts = text.indices.filter { text[$0] == ":" }
        cuts.append(text.endIndex)
        for cut in cuts.reversed() {
            let head = text[..<cut]
            guard let times = Self.times(head, now: now, parser: parser) else { continue }
            let label = cut == text.endIndex ? "" : String(text[text.index(after: cut)...])
            self.init(time: times.start, end: times.end, label: label)
            try validate()
            return
        }
        let first = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
        throw .invalidAnnotation(text, reason: "cannot read a time at its start ('\(first)…')")
    }

    static func times(_ head: Substring, now: EpochMillis, parser: TimestampParser) -> (start: EpochMillis, end: EpochMillis?)? {
        let parts = head.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        guard let start = try? TimeExpression.parse(String(parts[0]), now: now, parser: parser) else { return nil }
        guard parts.count == 2 else { return (start, nil) }
        guard let end = try? TimeExpression.parse(String(parts[1]), now: now, parser: parser) else { return nil }
        return (start, end)
    }

    func validate() throws(ChartSpecError) {
        if let end, end <= time { throw .annotationEndsBeforeStart(start: time, end: end) }
        if let label, label.utf8.count > ChartSpec.maxLabelBytes {
            throw .labelTooLong(option: "annotation label", length: label.utf8.count, limit: ChartSpec.maxLabelBytes)
        }
    }
}
