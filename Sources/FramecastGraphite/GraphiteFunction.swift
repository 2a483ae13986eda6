import Foundation

/// A value a target expression evaluates to.
public enum GraphiteValue: Sendable {
    case seriesList([GraphiteSeries])
    case string(String)
    case number(Double, isInteger: Bool)
    case boolean(Bool)
    case none

    var typeName: String {
        switch self {
        case .seriesList: "a series list"
        case .string(let s): "the string '\(s)'"
        case .number(let v, let isInteger): "the number \(isInteger ? String(clampedInt(v)) : String(v))"
        case .boolean(let b): "\(b)"
        case .none: "None"
        }
    }
}

/// A parameter of a Graphite function as `/functions` describes it (graphite-web's `Param`):
/// Grafana's function editor builds its forms from these.
public struct GraphiteParam: Sendable {
    public enum Kind: String, Sendable {
        case seriesList, seriesLists, integer, float, string, boolean, aggFunc, aggOrSeriesFunc, node, nodeOrTag,
            interval, intOrInterval, intOrInf, tag, any
    }

    public enum Default: Sendable, Equatable {
        case int(Int)
        case double(Double)
        case string(String)
        case bool(Bool)
        case infinity
    }

    public let name: String
    public let kind: Kind
    public var required = false
    public var multiple = false
    public var defaultValue: Default?
    public var options: [String] = []
    public var suggestions: [String] = []

    public init(
        _ name: String, _ kind: Kind, required: Bool = false, multiple: Bool = false, default defaultValue: Default? = nil,
        options: [String] = [], suggestions: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.multiple = multiple
        self.defaultValue = defaultValue
        self.options = options
        self.suggestions = suggestions
    }
}

/// One Graphite function: its description for `/functions` and its implementation.
public struct GraphiteFunction: Sendable {
    public let name: String
    public let group: String
    public let description: String
    public let params: [GraphiteParam]
    /// graphite-web's `aggregator` flag: usable as a callback of `groupByNode` and friends.
    public var aggregator = false
    /// Leaves every value as it is (names, drawing options and consolidation only): a target made
    /// of such calls over paths can be read already consolidated from the store.
    public var transparent = false
    let run: @Sendable (inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries]

    init(
        _ name: String, group: String, _ description: String, params: [GraphiteParam], aggregator: Bool = false,
        transparent: Bool = false, run: @escaping @Sendable (inout FunctionArguments) throws(GraphiteError) -> [GraphiteSeries]
    ) {
        self.name = name
        self.group = group
        self.description = description
        self.params = params
        self.aggregator = aggregator
        self.transparent = transparent
        self.run = run
    }

    /// The Python-style signature graphite-web shows (`summarize(seriesList, intervalString, func='sum', alignToFrom=False)`).
    public var signature: String {
        let parts = params.map { p -> String in
            if p.multiple { return "*" + p.name }
            guard let d = p.defaultValue else { return p.name }
            switch d {
            case .int(let v): return "\(p.name)=\(v)"
            case .double(let v): return "\(p.name)=\(v)"
            case .string(let v): return "\(p.name)='\(v)'"
            case .bool(let v): return "\(p.name)=\(v ? "True" : "False")"
            case .infinity: return "\(p.name)=inf"
            }
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// The arguments of one call, bound to the function's parameters as graphite-web's
/// `validateParams` binds them, with typed accessors whose errors name the function and parameter.
public struct FunctionArguments {
    public let function: GraphiteFunction
    public let call: TargetCall
    public let window: GraphiteWindow
    let evaluator: GraphiteEvaluator
    var bound: [String: GraphiteValue] = [:]
    /// Values of the `multiple` parameter, in order.
    var rest: [GraphiteValue] = []

    init(
        function: GraphiteFunction, call: TargetCall, window: GraphiteWindow, evaluator: GraphiteEvaluator, arguments: [GraphiteValue],
        keywords: [(String, GraphiteValue)]
    ) throws(GraphiteError) {
        self.function = function
        self.call = call
        self.window = window
        self.evaluator = evaluator
        let params = function.params
        let name = function.name
        if arguments.count + keywords.count > params.count, params.last?.multiple != true {
            throw GraphiteError("too many arguments for \(name)(): it takes \(function.signature)")
        }
        for (i, value) in arguments.enumerated() {
            let param = i < params.count ? params[i] : params[params.count - 1]
            try check(value, for: param)
            if param.multiple { rest.append(value) } else { bound[param.name] = value }
        }
        for (key, value) in keywords {
            guard let param = params.first(where: { $0.name == key }), bound[key] == nil, !(param.multiple && !rest.isEmpty)
            else {
                throw GraphiteError("unexpected keyword argument '\(key)' for \(name)(): it takes \(function.signature)")
            }
            try check(value, for: param)
            if param.multiple { rest.append(value) } else { bound[key] = value }
        }
        for param in params where param.required {
            let given = param.multiple ? !rest.isEmpty : bound[param.name] != nil
            if !given { throw GraphiteError("missing required parameter '\(param.name)' for \(name)(): it takes \(function.signature)") }
        }
    }

    private func check(_ value: GraphiteValue, for param: GraphiteParam) throws(GraphiteError) {
        if case .none = value, !param.required { return }
        let ok: Bool
        switch (param.kind, value) {
        case (.seriesList, .seriesList), (.seriesLists, .seriesList): ok = true
        case (.integer, .number(_, true)), (.node, .number(_, true)): ok = true
        case (.intOrInf, .number(let v, let isInteger)): ok = isInteger || v == .infinity
        case (.float, .number): ok = true
        case (.boolean, .boolean): ok = true
        case (.boolean, .number(let v, _)): ok = v == 0 || v == 1
        case (.boolean, .string(let s)): ok = ["true", "false"].contains(s.lowercased())
        case (.string, .string), (.tag, .string): ok = true
        case (.nodeOrTag, .number(_, true)), (.nodeOrTag, .string): ok = true
        case (.interval, .string(let s)): ok = (try? GraphiteTime.offsetSeconds(s)) != nil
        case (.intOrInterval, .number(_, true)): ok = true
        case (.intOrInterval, .string(let s)): ok = (try? GraphiteTime.offsetSeconds(s)) != nil
        case (.aggFunc, .string(let s)):
            ok = Aggregation(named: s) != nil || (s.hasSuffix("Series") && Aggregation(named: String(s.dropLast(6))) != nil)
        case (.aggOrSeriesFunc, .string(let s)):
            ok =
                Aggregation(named: s) != nil || (s.hasSuffix("Series") && Aggregation(named: String(s.dropLast(6))) != nil)
                || GraphiteFunctions.table[s]?.aggregator == true
        case (.any, _): ok = true
        default: ok = false
        }
        guard ok else {
            throw GraphiteError(
                "invalid \(param.kind.rawValue) value for parameter '\(param.name)' of \(function.name)(): \(value.typeName)")
        }
        if !param.options.isEmpty, case .string(let s) = value, !param.options.contains(s) {
            throw GraphiteError(
                "invalid option for parameter '\(param.name)' of \(function.name)(): '\(s)'; one of \(param.options.joined(separator: ", "))"
            )
        }
    }

    // MARK: Accessors

    public func seriesList(_ name: String) -> [GraphiteSeries] {
        if case .seriesList(let list) = bound[name] { return list }
        return []
    }

    /// The series lists given for the `multiple` parameter.
    public var seriesLists: [[GraphiteSeries]] {
        rest.compactMap { if case .seriesList(let list) = $0 { return list } else { return nil } }
    }

    /// All series of the `multiple` parameter, concatenated.
    public var allSeries: [GraphiteSeries] { seriesLists.flatMap { $0 } }

    public func has(_ name: String) -> Bool {
        if case .none = bound[name] ?? .none { return false }
        return true
    }

    public func number(_ name: String) -> Double? {
        switch bound[name] {
        case .number(let v, _): return v
        case .boolean(let b): return b ? 1 : 0
        default:
            if case .double(let v) = param(name)?.defaultValue { return v }
            if case .int(let v) = param(name)?.defaultValue { return Double(v) }
            if case .infinity = param(name)?.defaultValue { return .infinity }
            return nil
        }
    }

    /// `str()` of the argument as graphite-web holds it after validating it: a `float` parameter
    /// is converted (`scale(x, 2)` tags `scale=2.0`), an `integer` one is not; a default stays
    /// as the function declares it (`transformNull`'s 0).
    public func numberText(_ name: String) -> String {
        if case .number(let v, let isInteger) = bound[name] {
            return Self.pythonString(v, isInteger: isInteger && param(name)?.kind != .float)
        }
        switch param(name)?.defaultValue {
        case .int(let v): return String(v)
        case .double(let v): return pythonRepr(v)
        default: return number(name).map { pythonRepr($0) } ?? "None"
        }
    }

    public func integer(_ name: String) -> Int? { number(name).map(clampedInt) }

    public func string(_ name: String) -> String? {
        if case .string(let s) = bound[name] { return s }
        if case .string(let s) = param(name)?.defaultValue { return s }
        return nil
    }

    public func bool(_ name: String) -> Bool {
        switch bound[name] {
        case .boolean(let b): return b
        case .number(let v, _): return v != 0
        case .string(let s): return s.lowercased() == "true"
        default:
            if case .bool(let b) = param(name)?.defaultValue { return b }
            return false
        }
    }

    /// The values of the `multiple` parameter as node numbers or tag names.
    public var nodes: [NodeOrTag] {
        rest.compactMap { value in
            switch value {
            case .number(let v, _): return .node(clampedInt(v))
            case .string(let s): return .tag(s)
            default: return nil
            }
        }
    }

    public var strings: [String] { rest.compactMap { if case .string(let s) = $0 { return s } else { return nil } } }

    /// The value of `name` as graphite-web's `getNodeOrTag` takes it.
    public func nodeOrTag(_ name: String) -> NodeOrTag? {
        switch bound[name] {
        case .number(let v, _): return .node(clampedInt(v))
        case .string(let s): return .tag(s)
        default: return nil
        }
    }

    private func param(_ name: String) -> GraphiteParam? { function.params.first { $0.name == name } }

    /// Refuses a function result of more than the request's point limit (`summarize(x, '1s')`
    /// over years would otherwise allocate without bound).
    public func checkOutput(_ points: Int64) throws(GraphiteError) {
        guard points <= Int64(evaluator.limits.maxPoints) else {
            throw GraphiteError(
                "\(function.name)() would produce \(points) points, over the limit of \(evaluator.limits.maxPoints): use a longer interval or a shorter range",
                isLimit: true)
        }
    }

    /// The first argument evaluated again over another window (`timeShift`, `movingAverage`).
    public func reevaluateFirst(window: GraphiteWindow) throws(GraphiteError) -> [GraphiteSeries] {
        guard let first = call.arguments.first else { return [] }
        return try evaluator.seriesList(first, window: window)
    }

    /// Python's `str()` of a number: `2`, `2.0`, `0.5`, `1e-05`, `inf`.
    static func pythonString(_ v: Double, isInteger: Bool) -> String {
        if isInteger, v.magnitude < 1e18 { return String(Int64(v)) }
        return pythonRepr(v)
    }
}

/// A number from a target as an Int, clamped to ±10^15 (no count or index in a target means more;
/// `Int64(1e30)` would trap).
func clampedInt(_ v: Double) -> Int {
    guard !v.isNaN else { return 0 }
    return Int(Swift.max(-1e15, Swift.min(1e15, v)))
}

/// A node index or a tag name (`aliasByNode(x, 1, "host")`).
public enum NodeOrTag: Sendable, Equatable {
    case node(Int)
    case tag(String)
}

/// Python's `repr(float)`: the shortest text that reads back as the same double, `.0` on whole
/// numbers, exponent from 1e16 up and below 1e-4.
func pythonRepr(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    let magnitude = v.magnitude
    if magnitude != 0, magnitude >= 1e16 || magnitude < 1e-4 {
        // Swift writes 1e+16 as "1e+16"; Python as "1e+16" too, and 1e-05 with two exponent digits.
        var text = "\(v)"
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            var sign = "+"
            if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
                sign = String(exponent.removeFirst())
            }
            if exponent.count < 2 { exponent = "0" + exponent }
            text = String(text[..<e]) + "e" + sign + exponent
        }
        return text
    }
    if v == v.rounded(), magnitude < 1e16 { return String(format: "%.1f", v) }
    return "\(v)"
}
