import FramecastCore

/// Evaluates parsed targets over the store, as graphite-web's `evaluateTarget` does: arguments
/// are evaluated before the call, path expressions fetch every matching series (sorted by name),
/// `seriesByTag(…)` fetches by tags and names its series' path expression after the call as
/// written. Everything is bounded by `GraphiteLimits`.
public final class GraphiteEvaluator: @unchecked Sendable {
    public let store: GraphiteStore
    public let limits: GraphiteLimits
    public let xFilesFactor: Double
    /// When set, fetched series are not read yet (`values` empty, `source` set): for targets made
    /// only of transparent calls, read afterwards at the output's resolution.
    let deferReads: Bool
    private let clock = ContinuousClock()
    private let deadline: ContinuousClock.Instant
    private var pointsFetched = 0
    private var calls = 0
    /// `stacked()`'s running totals per stack name, shared by the targets of one request.
    var stacks: [String: [Double]] = [:]

    public init(store: GraphiteStore, limits: GraphiteLimits = GraphiteLimits(), xFilesFactor: Double = 0, deferReads: Bool = false) {
        self.store = store
        self.limits = limits
        self.xFilesFactor = xFilesFactor
        self.deferReads = deferReads
        deadline = clock.now.advanced(by: limits.deadline)
    }

    /// Every target's series, in order (empty targets skipped), bounded by `limits.maxSeries`.
    public func evaluate(_ targets: [String], window: GraphiteWindow) throws(GraphiteError) -> [GraphiteSeries] {
        var out: [GraphiteSeries] = []
        for target in targets where !target.trimmingCharacters(in: .whitespaces).isEmpty {
            let expression: TargetExpression
            do {
                expression = try TargetParser.parse(target)
            } catch {
                throw GraphiteError(error.description)
            }
            out += try seriesList(expression, window: window, topLevel: true)
            guard out.count <= limits.maxSeries else {
                throw GraphiteError(
                    "the targets produce more than \(limits.maxSeries) series, the most one request may draw: narrow the path expressions",
                    isLimit: true)
            }
        }
        return out
    }

    /// True when every call in the target leaves values alone (see `GraphiteFunction.transparent`).
    public static func isTransparent(_ expression: TargetExpression) -> Bool {
        switch expression {
        case .path: return true
        case .call(let call):
            if call.name == "seriesByTag" { return true }
            guard let function = GraphiteFunctions.table[call.name], function.transparent else { return false }
            return call.arguments.allSatisfy(isTransparentArgument) && call.keywords.allSatisfy { isTransparentArgument($0.1) }
        default: return false
        }
    }

    private static func isTransparentArgument(_ expression: TargetExpression) -> Bool {
        if case .call = expression { return isTransparent(expression) }
        return true
    }

    func seriesList(_ expression: TargetExpression, window: GraphiteWindow, topLevel: Bool = false) throws(GraphiteError)
        -> [GraphiteSeries]
    {
        switch try evaluate(expression, window: window) {
        case .seriesList(let list): return list
        case let other:
            if topLevel { throw GraphiteError("a target must give series, not \(other.typeName)") }
            throw GraphiteError("expected a series list, found \(other.typeName)")
        }
    }

    func evaluate(_ expression: TargetExpression, window: GraphiteWindow) throws(GraphiteError) -> GraphiteValue {
        calls += 1
        if calls > limits.maxCalls {
            throw GraphiteError("the targets need more than \(limits.maxCalls) evaluations: simplify them", isLimit: true)
        }
        if clock.now > deadline {
            throw GraphiteError(
                "evaluation took longer than the \(limits.deadline) deadline: narrow the targets or the time range", isLimit: true)
        }
        switch expression {
        case .path(let path): return .seriesList(try fetch(path: path, window: window))
        case .string(let s): return .string(s)
        case .number(let v, let isInteger): return .number(v, isInteger: isInteger)
        case .boolean(let b): return .boolean(b)
        case .none: return .none
        case .call(let call):
            if call.name == "seriesByTag" { return .seriesList(try fetchTagged(call, window: window)) }
            guard let function = GraphiteFunctions.table[call.name] else {
                throw GraphiteError(
                    "unknown function \(call.name)() at column \(call.column); GET /functions lists those Framecast implements")
            }
            var arguments: [GraphiteValue] = []
            for argument in call.arguments { arguments.append(try evaluate(argument, window: window)) }
            var keywords: [(String, GraphiteValue)] = []
            for (key, argument) in call.keywords { keywords.append((key, try evaluate(argument, window: window))) }
            var bound = try FunctionArguments(
                function: function, call: call, window: window, evaluator: self, arguments: arguments, keywords: keywords)
            return .seriesList(try function.run(&bound))
        }
    }

    // MARK: Fetching

    func fetch(path: String, window: GraphiteWindow) throws(GraphiteError) -> [GraphiteSeries] {
        let matches = try store.names(matching: path)
        try checkSeriesCount(matches.count, what: "path expression '\(path)'")
        var out: [GraphiteSeries] = []
        for match in matches {
            if let series = try fetch(match.id, name: match.name, pathExpression: path, window: window) { out.append(series) }
        }
        return out
    }

    func fetchTagged(_ call: TargetCall, window: GraphiteWindow) throws(GraphiteError) -> [GraphiteSeries] {
        var expressions: [TagExpression] = []
        for argument in call.arguments {
            guard case .string(let text) = argument else {
                throw GraphiteError(
                    "seriesByTag() takes tag expressions as strings ('name=value', 'tag=~regex', 'tag!=value', 'tag!=~regex')")
            }
            expressions.append(try TagExpression(parsing: text))
        }
        guard !expressions.isEmpty else { throw GraphiteError("seriesByTag() needs at least one tag expression") }
        let matches = try TagExpression.series(matching: expressions, in: store)
        try checkSeriesCount(matches.count, what: call.raw)
        var out: [GraphiteSeries] = []
        for match in matches {
            if let series = try fetch(match.id, name: match.key.canonical, pathExpression: call.raw, window: window) {
                out.append(series)
            }
        }
        return out
    }

    private func checkSeriesCount(_ count: Int, what: String) throws(GraphiteError) {
        guard count <= limits.maxSeriesPerTarget else {
            throw GraphiteError(
                "\(what) matches \(count) series; at most \(limits.maxSeriesPerTarget) per expression: narrow it", isLimit: true)
        }
    }

    private func fetch(_ id: SeriesID, name: String, pathExpression: String, window: GraphiteWindow) throws(GraphiteError)
        -> GraphiteSeries?
    {
        guard let plan = store.plan(id, from: window.from, until: window.until, now: window.now) else { return nil }
        pointsFetched += plan.count
        guard pointsFetched <= limits.maxPoints else {
            throw GraphiteError(
                "the request reads more than \(limits.maxPoints) points: shorten the range (from/until) or match fewer series",
                isLimit: true)
        }
        if deferReads {
            var series = GraphiteSeries(
                name: name, pathExpression: pathExpression, start: plan.start, end: plan.end, step: plan.step, values: [],
                xFilesFactor: xFilesFactor)
            series.source = plan
            return series
        }
        let (values, stats) = store.read(plan, withStats: plan.count <= 1_000_000)
        var series = GraphiteSeries(
            name: name, pathExpression: pathExpression, start: plan.start, end: plan.end, step: plan.step, values: values,
            xFilesFactor: xFilesFactor)
        series.stats = stats
        series.source = plan
        return series
    }
}
