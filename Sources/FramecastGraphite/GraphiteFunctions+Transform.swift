extension GraphiteFunctions {
    static let transform: [GraphiteFunction] = [
        withFactor("scale", "Multiplies every value by a factor.") { $0 * $1 },
        withFactor("offset", "Adds a constant to every value.") { $0 + $1 },
        GraphiteFunction("absolute", group: "Transform", "The absolute value of every value.", params: [series()]) {
            args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var out = s.with(name: "absolute(\(s.name))", values: s.values.map { $0.magnitude })
                out.tags["absolute"] = "1"
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "derivative", group: "Transform", "The difference between each value and the one before it (missing after a gap).",
            params: [series()]
        ) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var prev = Double.nan
                let values = s.values.map { v -> Double in
                    defer { prev = v }
                    return v - prev
                }
                var out = s.with(name: "derivative(\(s.name))", values: values)
                out.tags["derivative"] = "1"
                return out
            }
        },
        counter(
            "nonNegativeDerivative",
            "The difference to the previous value, for counters: a decrease (a reset or a wrap past maxValue) gives a missing value, or the wrapped difference when maxValue is given."
        ) { delta, _ in delta },
        // graphite-web rounds the rate to 6 decimals.
        counter("perSecond", "The non-negative derivative divided by the step: a counter as a rate per second.") { delta, step in
            roundHalfEven(delta / Double(step), digits: 6)
        },
        GraphiteFunction(
            "integral", group: "Transform", "The running sum of the values (missing values stay missing and add nothing).",
            params: [series()]
        ) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var total = 0.0
                let values = s.values.map { v -> Double in
                    guard !v.isNaN else { return .nan }
                    total += v
                    return total
                }
                var out = s.with(name: "integral(\(s.name))", values: values)
                out.tags["integral"] = "1"
                return out
            }
        },
        GraphiteFunction(
            "transformNull", group: "Transform",
            "Replaces missing values with a default (0 unless given); with referenceSeries, only where some reference series has a value.",
            params: [series(), GraphiteParam("default", .float, default: .int(0)), GraphiteParam("referenceSeries", .seriesList)]
        ) { args throws(GraphiteError) in
            let value = args.number("default") ?? 0
            let references = args.seriesList("referenceSeries")
            var mask: [Bool]?
            if !references.isEmpty {
                let (count, points) = rows(references)
                mask = (0..<count).map { i in points.contains { i < $0.count && !$0[i].isNaN } }
            }
            return args.seriesList("seriesList").map { s in
                let name = mask == nil ? "transformNull(\(s.name),\(g(value)))" : "transformNull(\(s.name),\(g(value)),referenceSeries)"
                let points = s.points
                let values = points.indices.map { i -> Double in
                    guard points[i].isNaN else { return points[i] }
                    if let mask { return i < mask.count && mask[i] ? value : .nan }
                    return value
                }
                var out = s.with(name: name, values: values)
                out.valuesPerPoint = 1
                out.step = s.step * Int64(s.valuesPerPoint)
                out.tags["transformNull"] = args.numberText("default")
                if mask != nil { out.tags["referenceSeries"] = "1" }
                out.pathExpression = name
                return out
            }
        },
        GraphiteFunction(
            "keepLastValue", group: "Transform",
            "Fills gaps of at most `limit` missing values with the value before them (any length when no limit).",
            params: [series(), GraphiteParam("limit", .intOrInf, default: .infinity)]
        ) { args throws(GraphiteError) in
            let limit = args.number("limit") ?? .infinity
            return args.seriesList("seriesList").map { s in
                var values = s.values
                var missing = 0
                var last = Double.nan
                for i in values.indices {
                    if values[i].isNaN {
                        missing += 1
                        continue
                    }
                    if missing > 0, Double(missing) <= limit, !last.isNaN {
                        for k in (i - missing)..<i { values[k] = last }
                    }
                    missing = 0
                    last = values[i]
                }
                if missing > 0, Double(missing) <= limit, !last.isNaN {
                    for k in (values.count - missing)..<values.count { values[k] = last }
                }
                var out = s.with(name: "keepLastValue(\(s.name))", values: values)
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "timeShift", group: "Transform",
            "The series as it was an interval earlier (a bare interval such as '1d' means earlier), drawn over the current range.",
            params: [
                series(),
                GraphiteParam("timeShift", .interval, required: true, suggestions: ["1h", "6h", "12h", "1d", "2d", "7d", "14d", "30d"]),
                GraphiteParam("resetEnd", .boolean, default: .bool(true)), GraphiteParam("alignDst", .boolean, default: .bool(false))
            ]
        ) { args throws(GraphiteError) in
            var shift = args.string("timeShift")!
            if let c = shift.first, c.isASCIIDigit { shift = "-" + shift }
            let delta: Int64
            do { delta = try GraphiteTime.offsetSeconds(shift) } catch { throw GraphiteError("timeShift(): \(error)") }
            let original = args.seriesList("seriesList")
            guard let reference = original.first else { return [] }
            var window = args.window
            window.from += delta
            window.until += delta
            let resetEnd = args.bool("resetEnd")
            return try args.reevaluateFirst(window: window).map { s in
                var out = s.with(name: "timeShift(\(s.name), \"\(shift)\")", values: s.values)
                out.tags["timeShift"] = shift
                out.end = resetEnd ? reference.end : s.end - s.start + reference.start
                out.start = reference.start
                return out
            }
        },
        GraphiteFunction(
            "summarize", group: "Transform",
            "Aggregates the values into intervals (sum by default), aligned to the interval unless alignToFrom.",
            params: [
                series(), GraphiteParam("intervalString", .interval, required: true, suggestions: ["10min", "1h", "1d"]),
                GraphiteParam("func", .aggFunc, default: .string("sum"), options: Aggregation.names),
                GraphiteParam("alignToFrom", .boolean, default: .bool(false))
            ], run: summarize),
        GraphiteFunction(
            "hitcount", group: "Transform",
            "Counts hits per interval from a rate: each value times the seconds of its step that fall in the interval.",
            params: [
                series(), GraphiteParam("intervalString", .interval, required: true, suggestions: ["10min", "1h", "1d"]),
                GraphiteParam("alignToInterval", .boolean, default: .bool(false))
            ], run: hitcount)
    ]

    /// `name(series, factor)`: each value through `op(value, factor)` (a missing value stays
    /// missing), named `name(series,%g)`, tagged with the factor.
    static func withFactor(_ name: String, _ description: String, _ op: @escaping @Sendable (Double, Double) -> Double) -> GraphiteFunction
    {
        GraphiteFunction(name, group: "Transform", description, params: [series(), GraphiteParam("factor", .float, required: true)]) {
            args throws(GraphiteError) in
            let factor = args.number("factor")!
            return args.seriesList("seriesList").map { s in
                var out = s.with(
                    name: "\(name)(\(s.name),\(g(factor)))",
                    values: s.values.map { op($0, factor) })
                out.tags[name] = args.numberText("factor")
                out.pathExpression = out.name
                return out
            }
        }
    }

    /// A counter's non-negative deltas (`maxValue`, `minValue` as graphite-web takes them), each
    /// through `transform(delta, step)`.
    private static func counter(_ name: String, _ description: String, _ transform: @escaping @Sendable (Double, Int64) -> Double)
        -> GraphiteFunction
    {
        GraphiteFunction(
            name, group: "Transform", description, params: [series(), GraphiteParam("maxValue", .float), GraphiteParam("minValue", .float)]
        ) { args throws(GraphiteError) in
            let maxValue = args.has("maxValue") ? args.number("maxValue") : nil
            let minValue = args.has("minValue") ? args.number("minValue") : nil
            return args.seriesList("seriesList").map { s in
                var out = s.with(
                    name: "\(name)(\(s.name))", values: nonNegativeDeltas(s.values, maxValue, minValue).map { transform($0, s.step) })
                out.tags[name] = "1"
                return out
            }
        }
    }

    /// `_nonNegativeDelta` over a series.
    static func nonNegativeDeltas(_ values: [Double], _ maxValue: Double?, _ minValue: Double?) -> [Double] {
        var prev = Double.nan
        return values.map { v -> Double in
            if let maxValue, v > maxValue {
                prev = .nan
                return .nan
            }
            if let minValue, v < minValue {
                prev = .nan
                return .nan
            }
            defer { prev = v }
            if prev.isNaN || v.isNaN { return .nan }
            if v >= prev { return v - prev }
            if let maxValue { return maxValue + 1 + v - prev - (minValue ?? 0) }
            if let minValue { return v - minValue }
            return .nan
        }
    }

    /// Python's `round(x, digits)`: to the nearest, ties to even, on the decimal value.
    static func roundHalfEven(_ v: Double, digits: Int) -> Double {
        guard v.isFinite else { return v }
        let scale = pow10(digits)
        let scaled = v * scale
        guard scaled.magnitude < 1e15 else { return v }
        let rounded = (scaled).rounded(.toNearestOrEven)
        // Python rounds the exact decimal value; a product like 0.1234565 * 1e6 may land on the
        // wrong side of .5: recheck through the shortest decimal text.
        if let exact = Double(String(format: "%.\(digits)f", v)) { return exact }
        return rounded / scale
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<n { r *= 10 }
        return r
    }

    @Sendable private static func summarize(_ args: inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries] {
        let text = args.string("intervalString")!
        let interval: Int64
        do { interval = abs(try GraphiteTime.offsetSeconds(text)) } catch { throw GraphiteError("summarize(): \(error)") }
        guard interval > 0 else { throw GraphiteError("summarize(): the interval must be longer than 0 seconds") }
        let funcName = args.string("func") ?? "sum"
        guard let function = Aggregation(named: funcName.hasSuffix("Series") ? String(funcName.dropLast(6)) : funcName) else {
            throw GraphiteError("summarize(): unknown function '\(funcName)'")
        }
        let alignToFrom = args.bool("alignToFrom")
        for s in args.seriesList("seriesList") { try args.checkOutput((s.end - s.start) / interval + 2) }
        return args.seriesList("seriesList").map { s in
            var newStart = s.start - mod(s.start, interval)
            var newEnd = s.end - mod(s.end, interval) + interval
            if alignToFrom {
                newStart = s.start
                newEnd = s.end
            }
            let (out, t) = summarizeValues(s, function, interval: interval, start: newStart, end: newEnd)
            if alignToFrom { newEnd = t }
            var result = s.with(
                name: "summarize(\(s.name), \"\(text)\", \"\(funcName)\"\(alignToFrom ? ", true" : ""))", start: newStart, end: newEnd,
                step: interval, values: out)
            result.tags["summarize"] = text
            result.tags["summarizeFunction"] = funcName
            return result
        }
    }

    /// graphite-web's `_summarizeValues`: `function` over each interval from `start` while before
    /// `end`, and the end reached. The buckets' own statistics are used when the store gave them:
    /// the exact maximum of the raw points, not the maximum of the bucket averages.
    static func summarizeValues(_ s: GraphiteSeries, _ function: Aggregation, interval: Int64, start: Int64, end: Int64) -> (
        values: [Double], end: Int64
    ) {
        let values = s.points
        let step = s.step * Int64(s.valuesPerPoint)
        let numPoints = Swift.min(values.count, Int((s.end - s.start + step - 1) / step))
        let intervalPoints = Double(interval) / Double(step)
        var out: [Double] = []
        var i = 0
        var t = start
        let exact = s.valuesPerPoint == 1 ? s.stats : nil
        while t < end {
            var first = i
            var nonNull = 0
            while i < numPoints, s.start + Int64(i) * step < t + interval {
                let ts = s.start + Int64(i) * step
                if ts <= t { first = i }
                if ts >= t, !values[i].isNaN { nonNull += 1 }
                i += 1
            }
            if nonNull > 0, Double(nonNull) / intervalPoints >= s.xFilesFactor {
                out.append(exact?.consolidate(first..<i, function) ?? function.apply(values[first..<i]))
            } else {
                out.append(.nan)
            }
            t += interval
        }
        return (out, t)
    }

    @Sendable private static func hitcount(_ args: inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries] {
        let text = args.string("intervalString")!
        let interval: Int64
        do { interval = abs(try GraphiteTime.offsetSeconds(text)) } catch { throw GraphiteError("hitcount(): \(error)") }
        guard interval > 0 else { throw GraphiteError("hitcount(): the interval must be longer than 0 seconds") }
        let align = args.bool("alignToInterval")
        var input = args.seriesList("seriesList")
        if align {
            var window = args.window
            let unit: Int64 = interval >= 86_400 ? 86_400 : interval >= 3600 ? 3600 : interval >= 60 ? 60 : 1
            window.from -= mod(window.from, unit)
            input = try args.reevaluateFirst(window: window).map { s in
                var s = s
                let count = (s.end - s.start) / interval
                s.end = s.start + count * interval + interval
                return s
            }
        }
        for s in input { try args.checkOutput((s.end - s.start) / interval + 2) }
        return input.map { s in
            let step = s.step
            let bucketCount = Int((s.end - s.start + interval - 1) / interval)
            var sums = [Double](repeating: 0, count: bucketCount)
            var seen = [Bool](repeating: false, count: bucketCount)
            let newStart = s.end - Int64(bucketCount) * interval
            for (i, value) in s.values.enumerated() where !value.isNaN {
                let startTime = s.start + Int64(i) * step
                var (startBucket, startMod) = floorDivMod(startTime - newStart, interval)
                var (endBucket, endMod) = floorDivMod(startTime + step - newStart, interval)
                if endBucket >= Int64(bucketCount) {
                    endBucket = Int64(bucketCount - 1)
                    endMod = interval
                }
                func add(_ b: Int64, _ v: Double) {
                    sums[Int(b)] += v
                    seen[Int(b)] = true
                }
                if startBucket == endBucket {
                    if startBucket >= 0 { add(startBucket, value * Double(endMod - startMod)) }
                } else {
                    if startBucket >= 0 { add(startBucket, value * Double(interval - startMod)) }
                    startBucket = Swift.max(startBucket, -1)
                    if startBucket + 1 < endBucket {
                        for j in (startBucket + 1)..<endBucket { add(j, value * Double(interval)) }
                    }
                    if endMod > 0 { add(endBucket, value * Double(endMod)) }
                }
            }
            let values = (0..<bucketCount).map { seen[$0] ? sums[$0] : .nan }
            var out = s.with(
                name: "hitcount(\(s.name), \"\(text)\"\(align ? ", true" : ""))", start: newStart, step: interval, values: values)
            out.tags["hitcount"] = text
            return out
        }
    }

    static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let r = mod(a, b)
        return ((a - r) / b, r)
    }
}
