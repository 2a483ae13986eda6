extension PrometheusTextParser {
    /// The labels a scrape adds to every sample of a target (`job`, `instance` and the target's
    /// configured labels), applied as Prometheus applies them with `honor_labels: false`: the
    /// target's label wins, and a scraped label of the same name is kept as `exported_<name>`
    /// (`exported_exported_<name>` if that is taken too).
    public struct ScrapeLabels: Sendable {
        let labels: [(name: [UInt8], value: [UInt8])]

        /// Labels with an empty value are no labels, as everywhere else.
        public init(_ labels: [(name: String, value: String)]) {
            self.labels = labels.filter { !$0.value.isEmpty }.map { (Array($0.name.utf8), Array($0.value.utf8)) }
        }
    }

    /// Parses a scraped exposition: as `parse`, with `labels` added to every series, and
    /// non-finite values dropped (counted in `skippedFields`) rather than refused, because a
    /// healthy target exposes NaN for "no value yet" and Prometheus stores it.
    public static func parseScrape(
        _ bytes: UnsafeRawBufferPointer, labels: ScrapeLabels, options: ParseOptions, into batch: inout ParsedBatch
    ) {
        parse(bytes, options: options, scrape: labels, into: &batch)
    }

    /// Appends one sample a scrape reports about itself (`up`, `scrape_duration_seconds`, …):
    /// the series `name` with the target's labels.
    public static func appendScrapeReport(
        name: String, value: Double, labels: ScrapeLabels, time: EpochMillis, options: ParseOptions,
        into batch: inout ParsedBatch
    ) {
        let given = [(name: Array("__name__".utf8), value: Array(name.utf8))] + labels.labels
        appendSample(labels: given, time: time, value: value, sample: 0, options: options, into: &batch)
    }
}

extension PrometheusTextParser.Scratch {
    /// Adds `target` to the labels just read, renaming clashing scraped labels to `exported_…`.
    mutating func addTargetLabels() {
        let exported = Array("exported_".utf8)
        for label in target {
            guard let clash = labels.firstIndex(where: { labelBytes[$0.key].elementsEqual(label.name) }) else { continue }
            var name = exported + label.name
            while labels.contains(where: { labelBytes[$0.key].elementsEqual(name) }) || target.contains(where: { $0.name == name }) {
                name = exported + name
            }
            let start = labelBytes.count
            labelBytes.append(contentsOf: name)
            labels[clash].key = start..<labelBytes.count
        }
        for label in target {
            let keyStart = labelBytes.count
            labelBytes.append(contentsOf: label.name)
            let keyEnd = labelBytes.count
            labelBytes.append(contentsOf: label.value)
            labels.append((keyStart..<keyEnd, keyEnd..<labelBytes.count))
        }
    }
}

extension PrometheusTextParser {
    /// A label name is `[a-zA-Z_][a-zA-Z0-9_]*` (a metric name may hold `:` too; a label's not).
    public static func isLabelNameStart(_ c: UInt8) -> Bool {
        (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_")
    }

    public static func isLabelNameByte(_ c: UInt8) -> Bool {
        isLabelNameStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
