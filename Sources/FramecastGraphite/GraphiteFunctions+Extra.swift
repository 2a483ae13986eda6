extension GraphiteFunctions {
    /// Combining, filtering and reference-line functions beyond the common set.
    static let extra: [GraphiteFunction] = [
        GraphiteFunction(
            "group", group: "Combine", "The series of every argument as one list.",
            params: [GraphiteParam("seriesLists", .seriesList, multiple: true)], transparent: true
        ) { args throws(GraphiteError) in args.allSeries },
        GraphiteFunction(
            "unique", group: "Filter Series", "The series of every argument, each name once (the first seen).",
            params: [GraphiteParam("seriesLists", .seriesList, required: true, multiple: true)], transparent: true
        ) { args throws(GraphiteError) in
            var seen: Set<String> = []
            return args.allSeries.filter { seen.insert($0.name).inserted }
        },
        GraphiteFunction(
            "minimumBelow", group: "Filter Series", "The series whose minimum is at or below n.",
            params: [series(), GraphiteParam("n", .float, required: true)]
        ) { args throws(GraphiteError) in
            let n = args.number("n")!
            return args.seriesList("seriesList").filter { s in
                let v = Aggregation.min.apply(s.points)
                return !v.isNaN && v <= n
            }
        },
        percentileFilter("removeAbovePercentile", above: true, "Removes the values above the series' n-th percentile."),
        percentileFilter("removeBelowPercentile", above: false, "Removes the values below the series' n-th percentile."),
        GraphiteFunction(
            "mostDeviant", group: "Filter Series", "The n series whose values vary the most (largest variance).",
            params: [series(), GraphiteParam("n", .integer, required: true)]
        ) { args throws(GraphiteError) in
            let n = Swift.max(0, args.integer("n") ?? 0)
            let scored = args.seriesList("seriesList").compactMap { s -> (Double, GraphiteSeries)? in
                let p = s.points
                let mean = Aggregation.average.apply(p)
                guard !mean.isNaN else { return nil }
                let values = p.filter { !$0.isNaN }
                return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count), s)
            }
            let order = scored.indices.sorted { a, b in scored[a].0 == scored[b].0 ? a < b : scored[a].0 > scored[b].0 }
            return order.prefix(n).map { scored[$0].1 }
        },
        GraphiteFunction(
            "aggregateLine", group: "Calculate", "A horizontal line at the series' aggregate (average unless given).",
            params: [
                series(), GraphiteParam("func", .aggFunc, default: .string("average"), options: Aggregation.names),
                GraphiteParam("keepStep", .boolean, default: .bool(false))
            ]
        ) { args throws(GraphiteError) in
            guard let function = Aggregation(named: args.string("func") ?? "average") else {
                throw GraphiteError("aggregateLine(): unknown function")
            }
            let keepStep = args.bool("keepStep")
            return args.seriesList("seriesList").map { s in
                let value = function.apply(s.points)
                let name = "aggregateLine(\(s.name), \(value.isNaN ? "None" : g(value)))"
                if keepStep { return s.with(name: name, values: Array(repeating: value, count: s.values.count)) }
                var line = constantLine(value, args.window, xFilesFactor: args.evaluator.xFilesFactor)
                line.name = name
                // graphite-web's constantLine tagged the line with its value before the rename.
                line.tags = ["name": pythonRepr(value)]
                line.pathExpression = name
                return line
            }
        },
        GraphiteFunction(
            "threshold", group: "Graph", "A horizontal line at a value, optionally named and coloured.",
            params: [GraphiteParam("value", .float, required: true), GraphiteParam("label", .string), GraphiteParam("color", .string)]
        ) { args throws(GraphiteError) in
            var line = constantLine(args.number("value")!, args.window, xFilesFactor: args.evaluator.xFilesFactor)
            line.pathExpression = "constantLine(\(args.numberText("value")))"
            if let label = args.string("label"), !label.isEmpty { line.name = label }
            line.options.color = args.string("color")
            return [line]
        },
        GraphiteFunction(
            "identity", group: "Calculate", "A series whose value is its own timestamp, every minute.",
            params: [GraphiteParam("name", .string, required: true)]
        ) { args throws(GraphiteError) in
            let name = args.string("name")!
            let (from, until) = (args.window.from, args.window.until)
            guard (until - from) / 60 <= 10_000_000 else { throw GraphiteError("identity(): the range is too long", isLimit: true) }
            var series = GraphiteSeries(
                name: name, start: from, end: until, step: 60, values: Swift.stride(from: from, to: until, by: 60).map(Double.init),
                xFilesFactor: args.evaluator.xFilesFactor)
            series.pathExpression = "identity(\"\(name)\")"
            return [series]
        },
        GraphiteFunction(
            "timeStack", group: "Transform", "The series shifted back by 0…n units, each drawn over the current range.",
            params: [
                series(), GraphiteParam("timeShiftUnit", .interval, default: .string("1d")),
                GraphiteParam("timeShiftStart", .integer, default: .int(0)),
                GraphiteParam("timeShiftEnd", .integer, default: .int(7))
            ]
        ) { args throws(GraphiteError) in
            var unit = args.string("timeShiftUnit") ?? "1d"
            if let c = unit.first, c.isASCIIDigit { unit = "-" + unit }
            let delta: Int64
            do { delta = try GraphiteTime.offsetSeconds(unit) } catch { throw GraphiteError("timeStack(): \(error)") }
            guard let reference = args.seriesList("seriesList").first else { return [] }
            let (first, last) = (args.integer("timeShiftStart") ?? 0, args.integer("timeShiftEnd") ?? 7)
            guard last - first <= 100 else { throw GraphiteError("timeStack(): at most 100 shifts", isLimit: true) }
            var out: [GraphiteSeries] = []
            for shift in Swift.max(first, -1_000_000)..<Swift.max(first, Swift.min(last, 1_000_000)) {
                var window = args.window
                window.from += delta * Int64(shift)
                window.until += delta * Int64(shift)
                for s in try args.reevaluateFirst(window: window) {
                    var shifted = s.with(name: "timeShift(\(s.name), \(unit), \(shift))", values: s.values)
                    shifted.tags["timeShiftUnit"] = unit
                    shifted.tags["timeShift"] = String(shift)
                    shifted.pathExpression = shifted.name
                    shifted.start = reference.start
                    shifted.end = reference.end
                    out.append(shifted)
                }
            }
            return out
        },
        GraphiteFunction(
            "smartSummarize", group: "Transform",
            "Like summarize, with intervals from the start of the range, or aligned to a unit (alignTo: seconds, minutes, hours, days).",
            params: [
                series(), GraphiteParam("intervalString", .interval, required: true, suggestions: ["10min", "1h", "1d"]),
                GraphiteParam("func", .aggFunc, default: .string("sum"), options: Aggregation.names), GraphiteParam("alignTo", .any)
            ]
        ) { args throws(GraphiteError) in
            let text = args.string("intervalString")!
            let interval: Int64
            do { interval = abs(try GraphiteTime.offsetSeconds(text)) } catch { throw GraphiteError("smartSummarize(): \(error)") }
            guard interval > 0 else { throw GraphiteError("smartSummarize(): the interval must be longer than 0 seconds") }
            let funcName = args.string("func") ?? "sum"
            guard let function = Aggregation(named: funcName) else {
                throw GraphiteError("smartSummarize(): unknown function '\(funcName)'")
            }
            var list = args.seriesList("seriesList")
            if case .string(let unit) = args.bound["alignTo"] ?? .none {
                let seconds: Int64
                switch unit.lowercased() {
                case let u where u.hasPrefix("s"): seconds = 1
                case let u where u.hasPrefix("min"): seconds = 60
                case let u where u.hasPrefix("h"): seconds = 3600
                case let u where u.hasPrefix("d"): seconds = 86_400
                default: throw GraphiteError("smartSummarize(): alignTo '\(unit)' is not supported here (seconds, minutes, hours or days)")
                }
                var window = args.window
                window.from -= mod(window.from, seconds)
                list = try args.reevaluateFirst(window: window)
            }
            for s in list { try args.checkOutput((s.end - s.start) / interval + 2) }
            return list.map { s in
                let (values, end) = summarizeValues(s, function, interval: interval, start: s.start, end: s.end)
                var out = s.with(name: "smartSummarize(\(s.name), \"\(text)\", \"\(funcName)\")", end: end, step: interval, values: values)
                out.tags["smartSummarize"] = text
                out.tags["smartSummarizeFunction"] = funcName
                return out
            }
        }
    ]

    private static func percentileFilter(_ name: String, above: Bool, _ description: String) -> GraphiteFunction {
        GraphiteFunction(name, group: "Filter Data", description, params: [series(), GraphiteParam("n", .float, required: true)]) {
            args throws(GraphiteError) in
            let n = args.number("n")!
            return args.seriesList("seriesList").map { s in
                var out = s
                out.name = "\(name)(\(s.name), \(g(n)))"
                out.pathExpression = out.name
                guard let limit = percentile(s.points, n, interpolate: false) else { return out }
                out = out.with(values: s.values.map { v in v.isNaN || (above ? v > limit : v < limit) ? .nan : v })
                // graphite-web computes the percentile with nPercentile, which tags the series it shares.
                out.tags["nPercentile"] = pythonRepr(n)
                return out
            }
        }
    }
}
