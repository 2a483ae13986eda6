import Foundation

extension ChartParameters {
    /// Gathers a front end's `(name, value)` pairs by table parameter: `naming` maps the front
    /// end's own names onto the table (nil: not a chart parameter of this front end, an error
    /// listing `known`). A parameter that does not repeat may be given once.
    public static func collect(
        _ pairs: [(String, String)], naming: (String) -> ChartParameterName?, known: [String]
    ) throws(ChartParameterError) -> [ChartParameterName: [String]] {
        var values: [ChartParameterName: [String]] = [:]
        for (raw, value) in pairs {
            guard let name = naming(raw) else { throw ChartParameterError([], .unknownName(raw, known: known)) }
            if values[name] != nil && !name.parameter.repeatable { throw ChartParameterError(name, .givenTwice) }
            values[name, default: []].append(value)
        }
        return values
    }

    /// Reads and checks chart parameters by table name, each against its table entry (type,
    /// default, bounds, count), then everything between them (`y-min` below `y-max`, the pixel
    /// budget, a log axis with `kind=stacked`, …). Times and annotations are checked against
    /// `now`. Throws the first problem, naming its parameters.
    public static func parse(_ values: [ChartParameterName: [String]], now: EpochMillis) throws(ChartParameterError) -> ChartParameters {
        let reader = ChartParameterReader(values: values)
        var result = ChartParameters()
        result.series = try reader.all(.series).flatMap(splitPatterns)
        try reader.checkCount(.series, result.series.count)
        for pattern in result.series {
            _ = try reader.parsed(.series) { () throws(ChartSpecError) in try Glob(checking: pattern) }
        }
        result.from = reader.one(.from)
        result.until = reader.one(.until)
        if let text = reader.one(.format) {
            guard let format = ChartOutputFormat(rawValue: text.lowercased()) else {
                throw ChartParameterError(.format, .notOneOf(text, allowed: ChartOutputFormat.allCases.map(\.rawValue)))
            }
            (result.format, result.formatGiven) = (format, true)
        }
        result.timeZone = reader.text(.tz)
        guard TimeZone(identifier: result.timeZone) != nil else {
            throw ChartParameterError(.tz, .spec(.unknownTimeZone(result.timeZone)))
        }
        result.refreshMillis = try reader.duration(.refresh)
        result.options = try reader.options()
        try result.options.validate()
        let parser = result.timestampParser
        let start = try result.from.map { text throws(ChartParameterError) in try time(text, .from, now: now, parser: parser) }
        let end = try result.until.map { text throws(ChartParameterError) in try time(text, .until, now: now, parser: parser) }
        if let start, let end, start >= end { throw ChartParameterError([.from, .until], .emptyTimeRange(from: start, until: end)) }
        _ = try result.annotations(now: now)
        return result
    }

    /// Splits `a.*,b.{x,y}` at the commas outside braces: several patterns in one value.
    public static func splitPatterns(_ text: String) -> [String] {
        var patterns: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            case "," where depth == 0:
                if !current.isEmpty { patterns.append(current) }
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { patterns.append(current) }
        return patterns
    }

    /// Parses the time parameter `name`, naming it in the error.
    public static func time(_ text: String, _ name: ChartParameterName, now: EpochMillis, parser: TimestampParser)
        throws(ChartParameterError)
        -> EpochMillis
    {
        do {
            return try TimeExpression.parse(text, now: now, parser: parser)
        } catch {
            throw ChartParameterError(name, .unreadableTime(error))
        }
    }

    /// Reads naive times in the chart's zone (UTC when the zone is unknown; `parse` refuses those).
    public var timestampParser: TimestampParser {
        TimestampParser(naiveZone: TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC"))
    }
}
