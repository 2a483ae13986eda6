extension PrometheusTextParser {
    /// Labels one series may carry outside the text format (remote_write): a hostile body of a
    /// million labels is refused at this count, before any sorting or duplicate check.
    public static let maxLabelsPerSeries = 64

    /// Appends one sample given as labels (remote_write), named by the text parser's own rule:
    /// `__name__` is the series name, the other labels are tags sorted by name, and an empty value
    /// is no label. `sample` is the number reported with a refusal.
    public static func appendSample(
        labels: [(name: [UInt8], value: [UInt8])], time: EpochMillis, value: Double, sample: Int,
        options: ParseOptions, into batch: inout ParsedBatch
    ) {
        var scratch = Scratch()
        switch scratch.read(labels: labels, time: time, value: value, options: options, into: &batch) {
        case .success(let id): batch.append(series: id, time: time, value: value)
        case .failure(let reason): batch.reject(line: sample, reason, limit: options.maxReportedRejections)
        }
    }
}

extension PrometheusTextParser.Scratch {
    mutating func read(
        labels given: [(name: [UInt8], value: [UInt8])], time: EpochMillis, value: Double, options: ParseOptions,
        into batch: inout ParsedBatch
    ) -> Result<Int32, LineRejection.Reason> {
        guard value.isFinite else { return .failure(.nonFiniteValue) }
        guard EpochTime.validRange.contains(time) else { return .failure(.timestampOutOfRange(String(time))) }
        guard given.count <= PrometheusTextParser.maxLabelsPerSeries else {
            return .failure(.malformed("\(given.count) labels, over the limit of \(PrometheusTextParser.maxLabelsPerSeries)"))
        }
        let metricName = Array("__name__".utf8)
        guard let name = given.first(where: { $0.name == metricName })?.value, !name.isEmpty else {
            return .failure(.malformed("series has no __name__ label"))
        }
        guard Self.isNameStart(name[0]), name.allSatisfy(Self.isNameByte) else {
            return .failure(.malformed("metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*"))
        }
        labelBytes.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        for label in given where label.name != metricName {
            guard let first = label.name.first, Self.isNameStart(first), label.name.allSatisfy(Self.isNameByte) else {
                return .failure(.malformed("label name must match [a-zA-Z_][a-zA-Z0-9_]*"))
            }
            let keyLength = name.count + labelBytes.count + label.name.count + label.value.count + 2 * (labels.count + 1)
            if keyLength > options.maxNameLength { return .failure(.nameTooLong(length: keyLength, limit: options.maxNameLength)) }
            if labels.contains(where: { labelBytes[$0.key].elementsEqual(label.name) }) {
                return .failure(.malformed("label '\(String(decoding: label.name, as: UTF8.self))' appears twice"))
            }
            // An empty value is the same as no label, as Prometheus has it.
            guard !label.value.isEmpty else { continue }
            let keyStart = labelBytes.count
            labelBytes.append(contentsOf: label.name)
            let keyEnd = labelBytes.count
            labelBytes.append(contentsOf: label.value)
            labels.append((keyStart..<keyEnd, keyEnd..<labelBytes.count))
        }
        return name.withUnsafeBufferPointer { buffer in
            intern(buffer.baseAddress!, nameEnd: buffer.count, into: &batch, options: options)
        }
    }
}
