import FramecastCore
import FramecastGraphite
import Hummingbird

/// graphite-web's tag database API over Framecast's series keys (`name;tag=value…`): every
/// series is in it, untagged ones with their `name` tag only, as carbon registers them.
enum GraphiteTagRoutes {
    /// graphite-web's `TAGDB_AUTOCOMPLETE_LIMIT`.
    static let defaultLimit = 100

    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/tags", method: method) { request, _ in try await list(request, state: state) }
            router.on("/tags/autoComplete/tags", method: method) { request, _ in try await autoCompleteTags(request, state: state) }
            router.on("/tags/autoComplete/values", method: method) { request, _ in try await autoCompleteValues(request, state: state) }
            router.on("/tags/findSeries", method: method) { request, _ in try await findSeries(request, state: state) }
        }
        router.get("/tags/{tag}") { request, context in try await details(request, tag: context.parameters.get("tag") ?? "", state: state) }
    }

    struct Params {
        let values: [String: String]
        let expressions: [TagExpression]

        init(_ pairs: [(String, String)]) throws(GraphiteError) {
            values = Dictionary(pairs, uniquingKeysWith: { _, last in last })
            var texts = pairs.filter { $0.0 == "expr" }.map(\.1)
            if texts.isEmpty { texts = pairs.filter { $0.0 == "expr[]" }.map(\.1) }
            guard texts.count <= 50 else { throw GraphiteError("at most 50 tag expressions per request") }
            var parsed: [TagExpression] = []
            for text in texts { parsed.append(try TagExpression(parsing: text)) }
            expressions = parsed
        }

        var limit: Int {
            guard let text = values["limit"], let n = Int(text), n > 0 else { return GraphiteTagRoutes.defaultLimit }
            return Swift.min(n, 10_000)
        }
    }

    static func list(_ request: Request, state: ServerState) async throws -> Response {
        let params = try Params(try await GraphiteRoutes.pairs(request))
        let store = await GraphiteRoutes.store(request, state: state)
        var tags = try GraphiteFind.tagValues(in: store, matching: []).keys.sorted()
        if let filter = params.values["filter"], !filter.isEmpty {
            let regex = try GraphiteFunctions.compiled(filter, in: "tags")
            tags = tags.filter { regex.matchesPrefix($0) }
        }
        if let text = params.values["limit"], let n = Int(text), n > 0 { tags = Array(tags.prefix(n)) }
        return GraphiteRoutes.json(
            .array(tags.enumerated().map { .object([("id", .int($0.offset + 1)), ("tag", .string($0.element))]) }),
            jsonp: params.values["jsonp"])
    }

    static func details(_ request: Request, tag: String, state: ServerState) async throws -> Response {
        let params = try Params(GraphiteRoutes.queryPairs(request))
        let store = await GraphiteRoutes.store(request, state: state)
        var counts: [String: Int] = [:]
        for (key, _) in store.allSeries() {
            if let value = tag == "name" ? key.name : key.tag(tag) { counts[value, default: 0] += 1 }
        }
        var values = counts.keys.sorted()
        if let filter = params.values["filter"], !filter.isEmpty {
            let regex = try GraphiteFunctions.compiled(filter, in: "tags")
            values = values.filter { regex.matchesPrefix($0) }
        }
        if let text = params.values["limit"], let n = Int(text), n > 0 { values = Array(values.prefix(n)) }
        let body: JSONValue = .object([
            ("tag", .string(tag)),
            (
                "values",
                .array(
                    values.enumerated().map {
                        .object([("count", .int(counts[$0.element]!)), ("id", .int($0.offset + 1)), ("value", .string($0.element))])
                    })
            )
        ])
        return GraphiteRoutes.json(body, jsonp: params.values["jsonp"])
    }

    static func autoCompleteTags(_ request: Request, state: ServerState) async throws -> Response {
        let params = try Params(try await GraphiteRoutes.pairs(request))
        let store = await GraphiteRoutes.store(request, state: state)
        let searched = Set(params.expressions.map(\.tag))
        let prefix = params.values["tagPrefix"] ?? ""
        let tags = try GraphiteFind.tagValues(in: store, matching: params.expressions).keys
            .filter { !searched.contains($0) && $0.hasPrefix(prefix) }.sorted()
        return GraphiteRoutes.json(.array(tags.prefix(params.limit).map { .string($0) }), jsonp: params.values["jsonp"])
    }

    static func autoCompleteValues(_ request: Request, state: ServerState) async throws -> Response {
        let params = try Params(try await GraphiteRoutes.pairs(request))
        guard let tag = params.values["tag"], !tag.isEmpty else { throw GraphiteError("missing required parameter 'tag'") }
        let store = await GraphiteRoutes.store(request, state: state)
        let prefix = params.values["valuePrefix"] ?? ""
        let values = (try GraphiteFind.tagValues(in: store, matching: params.expressions)[tag] ?? [])
            .filter { $0.hasPrefix(prefix) }.sorted()
        return GraphiteRoutes.json(.array(values.prefix(params.limit).map { .string($0) }), jsonp: params.values["jsonp"])
    }

    static func findSeries(_ request: Request, state: ServerState) async throws -> Response {
        let params = try Params(try await GraphiteRoutes.pairs(request))
        guard !params.expressions.isEmpty else { throw GraphiteError("missing required parameter 'expr'") }
        let store = await GraphiteRoutes.store(request, state: state)
        let series = try TagExpression.series(matching: params.expressions, in: store)
        return GraphiteRoutes.json(.array(series.map { .string($0.key.canonical) }), jsonp: params.values["jsonp"])
    }
}
