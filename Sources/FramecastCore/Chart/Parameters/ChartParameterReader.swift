import Foundation

/// Reads typed values out of a parameter map by the table's entries, naming the parameter in
/// every error. Numbers are read with checked conversions and bound-checked: a huge value is an
/// error, never a trap.
struct ChartParameterReader {
    let values: [ChartParameterName: [String]]

    /// The last value given, else nil (no table default).
    func one(_ name: ChartParameterName) -> String? { values[name]?.last }

    /// The value given, else the table's default (parameters that have one).
    func text(_ name: ChartParameterName) -> String { one(name) ?? name.parameter.defaultValue ?? "" }

    /// Every value given, checked against the table's count limit.
    func all(_ name: ChartParameterName) throws(ChartParameterError) -> [String] {
        let list = values[name] ?? []
        try checkCount(name, list.count)
        return list
    }

    func checkCount(_ name: ChartParameterName, _ count: Int) throws(ChartParameterError) {
        let entry = name.parameter
        if let limit = entry.maxValues, count > limit { throw ChartParameterError(name, .spec(.tooMany(entry.noun, count, limit: limit))) }
    }

    func int(_ name: ChartParameterName) throws(ChartParameterError) -> Int {
        let text = self.text(name)
        let trimmed = text.trimmingSpaces
        guard let number = Int(trimmed) else {
            let digits = trimmed.drop { $0 == "-" || $0 == "+" }
            let isNumeral = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            guard isNumeral, case .integer(let bounds) = name.parameter.type else {
                throw ChartParameterError(name, .notWholeNumber(text))
            }
            // A numeral too large for Int: out of bounds, not a malformed number.
            throw ChartParameterError(
                name, .outOfBounds("\(name.rawValue) \(trimmed)", bounds: "\(bounds.lowerBound)…\(bounds.upperBound)"))
        }
        return number
    }

    /// A finite number, or nil when not given (or given empty) and the table has no default.
    func double(_ name: ChartParameterName) throws(ChartParameterError) -> Double? {
        guard let text = one(name) ?? name.parameter.defaultValue, !text.isEmpty else { return nil }
        guard let number = Double(text.trimmingSpaces), number.isFinite else { throw ChartParameterError(name, .notFiniteNumber(text)) }
        if case .number(let bounds) = name.parameter.type, !bounds.contains(number), name != .scale {
            throw ChartParameterError(name, .outOfBounds("\(name.rawValue) \(text)", bounds: Self.bounds(bounds)))
        }
        return number
    }

    /// `-1e300…1e300`: bounds as a user would write them.
    static func bounds(_ range: ClosedRange<Double>) -> String {
        func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value).replacingOccurrences(of: "e+", with: "e")
        }
        return "\(text(range.lowerBound))…\(text(range.upperBound))"
    }

    func bool(_ name: ChartParameterName) throws(ChartParameterError) -> Bool {
        let text = self.text(name)
        switch text.lowercased() {
        case "", "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ChartParameterError(name, .notBoolean(text))
        }
    }

    func duration(_ name: ChartParameterName) throws(ChartParameterError) -> Int64 {
        let text = self.text(name)
        guard case .duration(let bounds) = name.parameter.type else { return 0 }
        guard let millis = TimeExpression.parseDuration(Substring(text)), bounds.contains(millis) else {
            throw ChartParameterError(name, .notDuration(text, bounds: "250ms and 1h"))
        }
        return millis
    }

    /// Runs a Core parser, naming the parameter in its error.
    func parsed<T>(_ name: ChartParameterName, _ parse: () throws(ChartSpecError) -> T) throws(ChartParameterError) -> T {
        do {
            return try parse()
        } catch {
            throw ChartParameterError(name, .spec(error))
        }
    }

    func options() throws(ChartParameterError) -> ChartOptionValues {
        var options = ChartOptionValues()
        options.width = try int(.width)
        options.height = try int(.height)
        options.scale = try double(.scale) ?? 1
        options.title = one(.title)
        options.theme = try parsed(.theme) { () throws(ChartSpecError) in try Theme(parsing: text(.theme)) }
        options.kind = try parsed(.kind) { () throws(ChartSpecError) in try ChartKind(parsing: text(.kind)) }
        let unit = try parsed(.unit) { () throws(ChartSpecError) in try ValueUnit(parsing: text(.unit)) }
        let rightUnit = try parsed(.rightUnit) { () throws(ChartSpecError) in try one(.rightUnit).map(ValueUnit.init(parsing:)) ?? unit }
        options.leftAxis = AxisSpec(min: try double(.yMin), max: try double(.yMax), log: try bool(.log), unit: unit, label: one(.yLabel))
        options.rightAxis = AxisSpec(unit: rightUnit, label: one(.rightYLabel))
        options.rightSeries = try all(.rightAxis).map { text throws(ChartParameterError) in
            try parsed(.rightAxis) { () throws(ChartSpecError) in try Glob(checking: text) }
        }
        options.colors = try all(.color).map { text throws(ChartParameterError) in
            try parsed(.color) { () throws(ChartSpecError) in try SeriesColor(parsing: text) }
        }
        var stats = try all(.legendStat).map { text throws(ChartParameterError) in
            try parsed(.legendStat) { () throws(ChartSpecError) in try LegendStat(parsing: text) }
        }
        if try bool(.legendStats), stats.isEmpty { stats = LegendStat.allCases }
        options.legend = LegendSpec(show: try bool(.legend), stats: stats)
        options.thresholds = try all(.threshold).map { text throws(ChartParameterError) in
            let threshold = try parsed(.threshold) { () throws(ChartSpecError) in try Threshold(parsing: text) }
            let bounds = ChartParameter.valueBounds
            guard bounds.contains(threshold.low), bounds.contains(threshold.high ?? threshold.low) else {
                throw ChartParameterError(
                    .threshold, .outOfBounds("threshold '\(text)'", bounds: Self.bounds(bounds)))
            }
            return threshold
        }
        options.annotations = try all(.annotation)
        options.missing = try parsed(.missing) { () throws(ChartSpecError) in try MissingData(parsing: text(.missing)) }
        options.sparkline = try bool(.sparkline)
        return options
    }
}
