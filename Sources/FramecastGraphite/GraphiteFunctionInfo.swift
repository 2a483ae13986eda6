/// A function as `/functions` describes it (graphite-web's `functionInfo`): Grafana's function
/// editor reads `group`, `description` and the typed `params` from it.
public enum GraphiteFunctionInfo {
    public static func json(_ function: GraphiteFunction, name: String) -> JSONValue {
        .object([
            ("name", .string(name)), ("function", .string(function.signature)), ("description", .string(function.description)),
            ("module", .string("graphite.render.functions")), ("group", .string(function.group)),
            ("params", .array(function.params.map(param)))
        ])
    }

    static func param(_ p: GraphiteParam) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(p.name)), ("type", .string(p.kind.rawValue))]
        if p.required { fields.append(("required", .bool(true))) }
        if let d = p.defaultValue {
            switch d {
            case .int(let v): fields.append(("default", .int(v)))
            case .double(let v): fields.append(("default", .string(pythonRepr(v))))
            case .string(let v): fields.append(("default", .string(v)))
            case .bool(let v): fields.append(("default", .bool(v)))
            case .infinity: fields.append(("default", .raw("1e9999")))
            }
        }
        if p.multiple { fields.append(("multiple", .bool(true))) }
        let options =
            p.kind == .aggFunc || p.kind == .aggOrSeriesFunc ? Array(Set(p.options + Aggregation.names)).sorted() : p.options.sorted()
        if !options.isEmpty { fields.append(("options", .array(options.map { .string($0) }))) }
        if !p.suggestions.isEmpty { fields.append(("suggestions", .array(p.suggestions.map { .string($0) }))) }
        return .object(fields)
    }
}
