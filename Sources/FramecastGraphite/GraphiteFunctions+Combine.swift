extension GraphiteFunctions {
    static let combine: [GraphiteFunction] =
        [
            aggregating("sumSeries", .sum, "sum", "Adds the series together, point by point (missing values are skipped)."),
            aggregating("averageSeries", .average, "average", "The average of the series at each point (missing values are skipped)."),
            aggregating("maxSeries", .max, "max", "The largest of the series' values at each point."),
            aggregating("minSeries", .min, "min", "The smallest of the series' values at each point."),
            aggregating("diffSeries", .diff, "diff", "Subtracts the second and later series from the first, point by point."),
            aggregating("stddevSeries", .stddev, "stddev", "The standard deviation of the series' values at each point."),
            aggregating("rangeOfSeries", .range, "rangeOf", "The largest minus the smallest of the series' values at each point."),
            GraphiteFunction(
                "multiplySeries", group: "Combine", "Multiplies the series together, point by point (missing if any is missing).",
                params: [GraphiteParam("seriesLists", .seriesList, required: true, multiple: true)], aggregator: true
            ) { args throws(GraphiteError) in
                let lists = args.seriesLists
                if lists.count == 1, lists[0].count == 1 { return lists[0] }
                return aggregate(lists, .multiply, name: "multiply", xFilesFactor: args.evaluator.xFilesFactor)
            },
            GraphiteFunction(
                "aggregate", group: "Combine", "Aggregates the series with the function named, point by point.",
                params: [
                    series(), GraphiteParam("func", .aggFunc, required: true, options: Aggregation.names),
                    GraphiteParam("xFilesFactor", .float)
                ]
            ) { args throws(GraphiteError) in
                var name = args.string("func")!
                if name.hasSuffix("Series") { name.removeLast(6) }
                guard let function = Aggregation(named: name) else { throw GraphiteError("unknown aggregation '\(name)'") }
                return aggregate(
                    [args.seriesList("seriesList")], function, name: name,
                    xFilesFactor: args.number("xFilesFactor") ?? args.evaluator.xFilesFactor)
            },
            GraphiteFunction(
                "countSeries", group: "Combine", "How many series there are, as a series (0 when there are none).",
                params: [GraphiteParam("seriesLists", .seriesList, multiple: true)], aggregator: true
            ) { args throws(GraphiteError) in
                guard let (series, start, end, step) = normalize(args.seriesLists) else {
                    var line = constantLine(0, args.window, xFilesFactor: args.evaluator.xFilesFactor)
                    line.pathExpression = "countSeries()"
                    return [line]
                }
                let name = "countSeries(\(pathExpressions(series)))"
                let count = rows(series).count
                var out = GraphiteSeries(
                    name: name, start: start, end: end, step: step, values: Array(repeating: Double(series.count), count: count),
                    xFilesFactor: args.evaluator.xFilesFactor)
                out.pathExpression = name
                return [out]
            },
            wildcards(
                "sumSeriesWithWildcards", .sum, "sum",
                "Sums the series that are the same once the given nodes are removed from their names."),
            wildcards(
                "averageSeriesWithWildcards", .average, "average",
                "Averages the series that are the same once the given nodes are removed from their names."),
            wildcards(
                "multiplySeriesWithWildcards", .multiply, "multiply",
                "Multiplies the series that are the same once the given nodes are removed from their names."),
            GraphiteFunction(
                "divideSeries", group: "Combine", "Divides each series by the one series of the divisor, point by point.",
                params: [
                    GraphiteParam("dividendSeriesList", .seriesList, required: true),
                    GraphiteParam("divisorSeries", .seriesList, required: true)
                ]
            ) { args throws(GraphiteError) in
                let dividends = args.seriesList("dividendSeriesList")
                let divisors = args.seriesList("divisorSeries")
                if divisors.isEmpty {
                    return dividends.map { s in
                        var out = s.with(name: "divideSeries(\(s.name),MISSING)", values: Array(repeating: .nan, count: s.values.count))
                        out.pathExpression = out.name
                        return out
                    }
                }
                guard divisors.count == 1 else {
                    throw GraphiteError("divideSeries second argument must reference exactly 1 series (got \(divisors.count))")
                }
                return dividends.map { dividend in
                    pairwise(
                        dividend, divisors[0], name: "divideSeries(\(dividend.name),\(divisors[0].name))", xff: args.evaluator.xFilesFactor
                    ) {
                        a, b in b == 0 || b.isNaN ? .nan : a / b
                    }
                }
            },
            GraphiteFunction(
                "asPercent", group: "Combine",
                "Each series as a percentage of a total: the sum of the series, a number, or a series list (one, or one per series).",
                params: [series(), GraphiteParam("total", .any), GraphiteParam("nodes", .nodeOrTag, multiple: true)], aggregator: true,
                run: asPercent),
            GraphiteFunction(
                "groupByNode", group: "Combine", "Groups the series by one node of their names (or a tag) and aggregates each group.",
                params: [
                    series(), GraphiteParam("nodeNum", .nodeOrTag, required: true),
                    GraphiteParam("callback", .aggOrSeriesFunc, default: .string("average"), options: Aggregation.names)
                ]
            ) { args throws(GraphiteError) in
                guard let node = args.nodeOrTag("nodeNum") else { throw GraphiteError("groupByNode(): nodeNum is required") }
                return try groupBy(args.seriesList("seriesList"), nodes: [node], callback: args.string("callback") ?? "average", args)
            },
            GraphiteFunction(
                "groupByNodes", group: "Combine", "Groups the series by several nodes of their names (or tags) and aggregates each group.",
                params: [
                    series(), GraphiteParam("callback", .aggOrSeriesFunc, required: true, options: Aggregation.names),
                    GraphiteParam("nodes", .nodeOrTag, multiple: true)
                ]
            ) { args throws(GraphiteError) in
                try groupBy(args.seriesList("seriesList"), nodes: args.nodes, callback: args.string("callback")!, args)
            },
            GraphiteFunction(
                "groupByTags", group: "Combine", "Groups tagged series by the values of the given tags and aggregates each group.",
                params: [
                    series(), GraphiteParam("callback", .aggOrSeriesFunc, required: true, options: Aggregation.names),
                    GraphiteParam("tags", .tag, required: true, multiple: true)
                ], run: groupByTags)
        ]

    private static func aggregating(_ name: String, _ function: Aggregation, _ funcName: String, _ description: String) -> GraphiteFunction
    {
        GraphiteFunction(
            name, group: "Combine", description, params: [GraphiteParam("seriesLists", .seriesList, required: true, multiple: true)],
            aggregator: true
        ) { args throws(GraphiteError) in
            aggregate(args.seriesLists, function, name: funcName, xFilesFactor: args.evaluator.xFilesFactor)
        }
    }

    private static func wildcards(_ name: String, _ function: Aggregation, _ funcName: String, _ description: String) -> GraphiteFunction {
        GraphiteFunction(
            name, group: "Combine", description, params: [series(), GraphiteParam("position", .node, multiple: true)], aggregator: true
        ) { args throws(GraphiteError) in
            let positions = Set(args.nodes.compactMap { if case .node(let n) = $0 { return n } else { return nil } })
            let groups = grouped(args.seriesList("seriesList")) { s in
                s.name.split(separator: ".", omittingEmptySubsequences: false).enumerated()
                    .filter { !positions.contains($0.offset) }.map { String($0.element) }.joined(separator: ".")
            }
            return groups.compactMap { key, members in
                guard var out = aggregate([members], function, name: funcName, xFilesFactor: args.evaluator.xFilesFactor).first else {
                    return nil
                }
                out.name = key
                return out
            }
        }
    }

    /// Two series combined point by point after normalizing them to a common step.
    static func pairwise(_ a: GraphiteSeries, _ b: GraphiteSeries, name: String, xff: Double, _ op: (Double, Double) -> Double)
        -> GraphiteSeries
    {
        let (_, start, end, step) = normalize([[a, b]])!
        var pa = a
        var pb = b
        pa.valuesPerPoint = Int(step / a.step)
        pb.valuesPerPoint = Int(step / b.step)
        let x = pa.points
        let y = pb.points
        let n = Swift.max(x.count, y.count)
        var values = [Double](repeating: .nan, count: n)
        for i in 0..<n {
            let u = i < x.count ? x[i] : .nan
            let v = i < y.count ? y[i] : .nan
            if !u.isNaN { values[i] = op(u, v) }
        }
        return GraphiteSeries(name: name, start: start, end: end, step: step, values: values, xFilesFactor: xff)
    }

    private static func groupBy(_ series: [GraphiteSeries], nodes: [NodeOrTag], callback: String, _ args: FunctionArguments)
        throws(GraphiteError) -> [GraphiteSeries]
    {
        var out: [GraphiteSeries] = []
        for (key, members) in grouped(series, by: { key($0, nodes) }) {
            guard var reduced = try reduce(members, callback: callback, arguments: args) else { continue }
            reduced.name = key
            out.append(reduced)
        }
        return out
    }

    @Sendable private static func groupByTags(_ args: inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries] {
        let tags = args.strings
        let callback = args.string("callback")!
        let series = args.seriesList("seriesList")
        let names = Set(series.map { $0.tags["name"] ?? "" })
        let common = names.count == 1 ? names.first! : callback
        var out: [GraphiteSeries] = []
        let groups = grouped(series) { s in
            let parts = tags.filter { $0 != "name" }.map { "\($0)=\(s.tags[$0] ?? "")" }.sorted()
            let head = tags.contains("name") ? s.tags["name"] ?? "" : common
            return ([head] + parts).joined(separator: ";")
        }
        for (key, members) in groups {
            guard var reduced = try reduce(members, callback: callback, arguments: args) else { continue }
            reduced.name = key
            reduced.pathExpression = key
            reduced.tags = GraphiteSeries.tags(parsing: key)
            out.append(reduced)
        }
        return out
    }

    @Sendable private static func asPercent(_ args: inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries] {
        let xff = args.evaluator.xFilesFactor
        guard let (series, _, _, _) = normalize([args.seriesList("seriesList")]) else { return [] }
        let total = args.bound["total"] ?? .none
        let nodes = args.nodes
        func percent(_ a: Double, _ b: Double) -> Double { b == 0 || b.isNaN ? .nan : a / b * 100 }
        func summed(_ members: [GraphiteSeries]) -> GraphiteSeries {
            if members.count == 1 { return members[0] }
            let (normalized, start, end, step) = normalize([members])!
            let (count, points) = rows(normalized)
            let values = (0..<count).map { i in Aggregation.sum.apply(points.map { i < $0.count ? $0[i] : .nan }) }
            return GraphiteSeries(
                name: "sumSeries(\(pathExpressions(members)))", start: start, end: end, step: step, values: values, xFilesFactor: xff)
        }
        if !nodes.isEmpty {
            var keys: [String] = []
            var groups: [String: [GraphiteSeries]] = [:]
            for s in series {
                let k = key(s, nodes)
                if groups[k] == nil { keys.append(k) }
                groups[k, default: []].append(s)
            }
            var totals: [String: GraphiteSeries] = [:]
            switch total {
            case .none:
                for k in keys { totals[k] = summed(groups[k]!) }
            case .seriesList(let list):
                var byKey: [String: [GraphiteSeries]] = [:]
                for s in list {
                    let k = key(s, nodes)
                    if byKey[k] == nil, groups[k] == nil { keys.append(k) }
                    byKey[k, default: []].append(s)
                }
                for (k, members) in byKey { totals[k] = summed(members) }
            default:
                throw GraphiteError("asPercent(): total must be None or a seriesList when nodes are given")
            }
            var out: [GraphiteSeries] = []
            for k in keys {
                guard let members = groups[k] else {
                    let t = totals[k]!
                    out.append(
                        GraphiteSeries(
                            name: "asPercent(MISSING,\(t.name))", start: t.start, end: t.end, step: t.step,
                            values: Array(repeating: .nan, count: t.points.count), xFilesFactor: xff))
                    continue
                }
                for s in members {
                    if let t = totals[k] {
                        out.append(pairwise(s, t, name: "asPercent(\(s.name),\(t.name))", xff: xff, percent))
                    } else {
                        out.append(
                            GraphiteSeries(
                                name: "asPercent(\(s.name),MISSING)", start: s.start, end: s.end, step: s.step,
                                values: Array(repeating: .nan, count: s.points.count), xFilesFactor: xff))
                    }
                }
            }
            return out
        }
        var totalValues: [Double]
        var totalText: String?
        switch total {
        case .none:
            let (count, points) = rows(series)
            totalValues = (0..<count).map { i in Aggregation.sum.apply(points.map { i < $0.count ? $0[i] : .nan }) }
            totalText = "sumSeries(\(pathExpressions(series)))"
        case .seriesList(let list):
            guard list.count == 1 || list.count == series.count else {
                throw GraphiteError(
                    "asPercent second argument must be missing, a single digit, reference exactly 1 series or reference the same number of series as the first argument"
                )
            }
            if list.count == series.count, list.count != 1 || series.count == 1 {
                let pairs = zip(series.sorted { $0.name < $1.name }, list.sorted { $0.name < $1.name })
                return pairs.map { a, b in pairwise(a, b, name: "asPercent(\(a.name),\(b.name))", xff: xff, percent) }
            }
            let normalizedTotal = normalize([series, list])!
            let t = normalizedTotal.series.last!
            totalValues = t.points
            totalText = t.name
        case .number(let v, let isInteger):
            totalValues = Array(repeating: v, count: series[0].points.count)
            totalText = FunctionArguments.pythonString(v, isInteger: isInteger)
        default:
            throw GraphiteError("asPercent(): total must be a number or a series list")
        }
        return series.map { s in
            let p = s.points
            let n = Swift.max(p.count, totalValues.count)
            let values = (0..<n).map { i -> Double in
                let a = i < p.count ? p[i] : .nan
                let b = i < totalValues.count ? totalValues[i] : .nan
                return a.isNaN ? .nan : percent(a, b)
            }
            var out = s.with(name: "asPercent(\(s.name),\(totalText ?? s.pathExpression))", values: values)
            out.tags = GraphiteSeries.tags(parsing: out.name)
            return out
        }
    }
}
