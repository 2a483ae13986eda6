import Foundation

/// Every Graphite function Framecast implements, by name: what `/functions` lists and the
/// evaluator calls. The semantics (names of the series produced, null handling, step alignment)
/// follow graphite-web 1.1.8's `render/functions.py`; each family is in its own file.
public enum GraphiteFunctions {
    public static let all: [GraphiteFunction] = combine + transform + calculate + filter + alias + graph + special + more + extra

    public static let table: [String: GraphiteFunction] = {
        var table: [String: GraphiteFunction] = [:]
        for function in all { table[function.name] = function }
        // graphite-web's short aliases.
        table["sum"] = table["sumSeries"]
        table["avg"] = table["averageSeries"]
        table["max"] = table["maxSeries"]
        table["min"] = table["minSeries"]
        table["pct"] = table["asPercent"]
        return table
    }()

    // MARK: Shared helpers

    /// graphite-web's `normalize`: the series brought to the least common multiple of their
    /// steps (by consolidation), the earliest start and the latest end, trimmed to whole steps.
    static func normalize(_ lists: [[GraphiteSeries]]) -> (series: [GraphiteSeries], start: Int64, end: Int64, step: Int64)? {
        var series = lists.flatMap { $0 }
        guard !series.isEmpty else { return nil }
        let step = series.map(\.step).reduce(series[0].step) { lcm($0, $1) }
        for i in series.indices { series[i].valuesPerPoint = Int(step / series[i].step) }
        let start = series.map(\.start).min()!
        var end = series.map(\.end).max()!
        end -= (end - start) % step
        return (series, start, end, step)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
    static func lcm(_ a: Int64, _ b: Int64) -> Int64 { a == b ? a : a / gcd(a, b) * b }

    /// Unique path expressions joined by `,`, in first-seen order (`formatPathExpressions`).
    static func pathExpressions(_ series: [GraphiteSeries]) -> String {
        var seen: [String] = []
        for s in series where !seen.contains(s.pathExpression) { seen.append(s.pathExpression) }
        return seen.joined(separator: ",")
    }

    /// Rows across the series' output points, padded with missing values (`izip_longest`).
    static func rows(_ series: [GraphiteSeries]) -> (count: Int, points: [[Double]]) {
        let points = series.map(\.points)
        return (points.map(\.count).max() ?? 0, points)
    }

    /// One aggregated series (graphite-web's `aggregate`): named `<func>Series(<paths>)`, the
    /// tags all inputs share plus `aggregatedBy`.
    static func aggregate(_ lists: [[GraphiteSeries]], _ function: Aggregation, name funcName: String, xFilesFactor: Double)
        -> [GraphiteSeries]
    {
        guard let (series, start, end, step) = normalize(lists) else { return [] }
        let name = "\(funcName)Series(\(pathExpressions(series)))"
        let (count, points) = rows(series)
        var values = [Double](repeating: .nan, count: count)
        var row = [Double](repeating: .nan, count: points.count)
        for i in 0..<count {
            var nonNull = 0
            for (k, p) in points.enumerated() {
                row[k] = i < p.count ? p[i] : .nan
                if !row[k].isNaN { nonNull += 1 }
            }
            if nonNull > 0, Double(nonNull) / Double(row.count) >= xFilesFactor { values[i] = function.apply(row) }
        }
        var tags = series[0].tags
        for s in series.dropFirst() { tags = tags.filter { s.tags[$0.key] == $0.value } }
        if tags["name"] == nil { tags["name"] = name }
        tags["aggregatedBy"] = funcName
        var out = GraphiteSeries(name: name, tags: tags, start: start, end: end, step: step, values: values, xFilesFactor: xFilesFactor)
        out.pathExpression = name
        return [out]
    }

    /// `getNodeOrTag`: node `n` of the name (before any `;tags`; negative counts from the end),
    /// else the tag called `n`, else "".
    static func nodeOrTag(_ series: GraphiteSeries, _ n: NodeOrTag, pathExpression: String?) -> String {
        if case .node(let index) = n {
            let base = (pathExpression ?? series.name).split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)[0]
            let parts = base.split(separator: ".", omittingEmptySubsequences: false)
            let i = index < 0 ? parts.count + index : index
            if i >= 0, i < parts.count { return String(parts[i]) }
            return series.tags[String(index)] ?? ""
        }
        if case .tag(let tag) = n { return series.tags[tag] ?? "" }
        return ""
    }

    /// `aggKey`: the nodes joined by `.`, read from the first path expression when the name
    /// looks like a function call.
    static func key(_ series: GraphiteSeries, _ nodes: [NodeOrTag]) -> String {
        let path = series.name.last == ")" ? firstPathExpression(series.name) : nil
        return nodes.map { nodeOrTag(series, $0, pathExpression: path) }.joined(separator: ".")
    }

    /// The first path expression inside a name such as `sumSeries(a.b.*)` (`_getFirstPathExpression`).
    static func firstPathExpression(_ name: String) -> String? {
        guard var expression = try? TargetParser.parse(name) else { return nil }
        while true {
            switch expression {
            case .path(let path): return path
            case .call(let call):
                guard let first = call.arguments.first else { return nil }
                expression = first
            default: return nil
            }
        }
    }

    /// Series grouped by a key, in first-seen order of the keys.
    static func grouped(_ series: [GraphiteSeries], by key: (GraphiteSeries) -> String) -> [(String, [GraphiteSeries])] {
        var order: [String] = []
        var groups: [String: [GraphiteSeries]] = [:]
        for s in series {
            let k = key(s)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(s)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// One group reduced by a callback: an aggregation name (`sum`, `avg`, `sumSeries`…) or an
    /// aggregating series function (`groupByNode(…, "sumSeries")`).
    static func reduce(_ series: [GraphiteSeries], callback: String, arguments: FunctionArguments) throws(GraphiteError) -> GraphiteSeries?
    {
        if let function = table[callback], function.aggregator {
            var call = try FunctionArguments(
                function: function, call: arguments.call, window: arguments.window, evaluator: arguments.evaluator,
                arguments: [.seriesList(series)], keywords: [])
            return try function.run(&call).first
        }
        let funcName = callback.hasSuffix("Series") ? String(callback.dropLast(6)) : callback
        guard let aggregation = Aggregation(named: funcName) else {
            throw GraphiteError("unknown aggregation '\(callback)'; one of \(Aggregation.names.joined(separator: ", "))")
        }
        return aggregate([series], aggregation, name: funcName, xFilesFactor: arguments.evaluator.xFilesFactor).first
    }

    /// `%g` as Python and C write it.
    static func g(_ v: Double) -> String { String(format: "%g", v) }

    static func series(_ name: String = "seriesList", required: Bool = true) -> GraphiteParam {
        GraphiteParam(name, .seriesList, required: required)
    }
}
