/// A horizontal mark on the left value axis: a line at one value, or a band between two.
public struct Threshold: Sendable, Hashable {
    /// The value (the lower one for a band).
    public let low: Double
    /// The upper value of a band; nil for a line.
    public let high: Double?
    /// nil: the theme's threshold colour.
    public let color: Color?
    public let label: String?

    /// A line at `value`, or a band between `value` and `other` (in either order).
    public init(value: Double, to other: Double? = nil, color: Color? = nil, label: String? = nil) {
        let values = [value, other].compactMap { $0 }
        low = values.min() ?? value
        high = other == nil ? nil : values.max()
        self.color = color
        self.label = label.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isBand: Bool { high != nil }

    /// Parses `VALUE[:VALUE2][:COLOR][:LABEL]`: a second number makes a band, a `#` part is the
    /// colour, and the rest (which may itself hold colons) is the label.
    /// `90`, `90:SLO`, `80:95`, `80:95:#e69f0040:warning`, `-5:#0072b2:below zero`.
    public init(parsing text: String) throws(ChartSpecError) {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.trimmingSpaces.isEmpty else {
            throw .invalidThreshold(text, reason: "it must start with a number")
        }
        guard let value = Double(first.trimmingSpaces), value.isFinite else {
            throw .invalidThreshold(text, reason: "'\(first)' is not a number")
        }
        parts.removeFirst()
        var other: Double?
        if let next = parts.first, let number = Double(next.trimmingSpaces) {
            guard number.isFinite else { throw .invalidThreshold(text, reason: "'\(next)' is not a finite number") }
            guard number != value else { throw .invalidThreshold(text, reason: "a band needs two different values") }
            other = number
            parts.removeFirst()
        }
        var color: Color?
        if let next = parts.first, next.hasPrefix("#") {
            guard let parsed = Color(hex: next) else {
                throw .invalidThreshold(text, reason: "'\(next)' is not a colour (#rrggbb or #rrggbbaa)")
            }
            color = parsed
            parts.removeFirst()
        }
        let label = parts.joined(separator: ":")
        self.init(value: value, to: other, color: color, label: label)
        try validate()
    }

    func validate() throws(ChartSpecError) {
        guard low.isFinite, high?.isFinite ?? true else { throw .notFinite(option: "threshold value") }
        if let label, label.utf8.count > ChartSpec.maxLabelBytes {
            throw .labelTooLong(option: "threshold label", length: label.utf8.count, limit: ChartSpec.maxLabelBytes)
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
