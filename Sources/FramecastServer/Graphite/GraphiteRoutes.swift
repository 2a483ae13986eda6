import Foundation
import FramecastCore
import FramecastGraphite
import FramecastRender
import Hummingbird
import Synchronization

/// graphite-web's HTTP API at the root, as Grafana's Graphite data source and bookmarked
/// graphite-web URLs call it (GET and form-encoded POST alike): `/render` with `target`,
/// `/metrics/find`, `/metrics/expand`, `/metrics/index.json`, `/functions`, `/version` and the
/// tag database's `/tags…`. Every answer sees only the series the request may see
/// (`SeriesVisibility`): a private series is invisible to an unsigned request.
enum GraphiteRoutes {
    /// The graphite-web version Framecast answers as: Grafana picks its function set from it.
    static let version = "1.1.8"
    /// Form bodies (Grafana POSTs its targets) are read up to this size.
    static let maxFormBytes = 1 << 20

    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.post("/render") { request, _ in try await render(request, state: state) }
        // graphite-web also answers find at `/metrics`; here that is the Prometheus exposition.
        router.get("/metrics/find") { request, _ in try await find(request, state: state) }
        router.post("/metrics/find") { request, _ in try await find(request, state: state) }
        router.get("/metrics/expand") { request, _ in try await expand(request, state: state) }
        router.post("/metrics/expand") { request, _ in try await expand(request, state: state) }
        router.get("/metrics/index.json") { request, _ in try await index(request, state: state) }
        router.get("/functions") { request, _ in try await functions(request) }
        router.get("/functions/{name}") { request, context in try await function(request, name: context.parameters.get("name") ?? "") }
        router.get("/version") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: version + "\n")))
        }
        GraphiteTagRoutes.register(on: router, state: state)
        GraphiteEventRoutes.register(on: router, state: state)
    }

    /// Query parameters, then the fields of a form-encoded body (graphite-web merges GET and POST).
    static func pairs(_ request: Request) async throws -> [(String, String)] {
        var pairs = queryPairs(request)
        guard request.method == .post else { return pairs }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") || type.isEmpty else {
            if type.hasPrefix("multipart/form-data") {
                throw GraphiteError("form bodies must be application/x-www-form-urlencoded (multipart is not read)")
            }
            return pairs
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxFormBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "a form body may be at most \(maxFormBytes) bytes")
        }
        pairs += formPairs(String(buffer: body))
        return pairs
    }

    /// The query as graphite-web (Django) reads it: `+` is a space, as in a form body.
    static func queryPairs(_ request: Request) -> [(String, String)] {
        formPairs(request.uri.query ?? "").filter { !Request.serverParameters.contains($0.0) }
    }

    /// `a=1&b=x+y%21` → [("a","1"), ("b","x y!")].
    static func formPairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").compactMap { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let key = kv.first, !key.isEmpty else { return nil }
            return (decode(key), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    static func store(_ request: Request, state: ServerState) async -> GraphiteStore {
        let visibility = SeriesVisibility.of(request, options: state.options)
        let snapshot = await state.engine.snapshot()
        let visible: @Sendable (SeriesKey) -> Bool = { visibility.shows($0) }
        return GraphiteStore(snapshot: snapshot, visible: visible)
    }

    // MARK: /render

    static func render(_ request: Request, state: ServerState) async throws -> Response {
        let pairs = try await pairs(request)
        let graphite = try GraphiteRenderRequest.parse(pairs, now: ServerClock.now() / 1000)
        let store = await store(request, state: state)
        let format = graphite.format
        let transparent = graphite.targets.allSatisfy { target in
            (try? TargetParser.parse(target)).map(GraphiteEvaluator.isTransparent) ?? false
        }
        let deferReads = transparent && graphite.xFilesFactor == 0
        let limits = GraphiteLimits()
        if format == .png || format == .svg {
            let bytes = try await state.renderPool.frame(.graphite) {
                let evaluator = GraphiteEvaluator(store: store, limits: limits, xFilesFactor: graphite.xFilesFactor, deferReads: deferReads)
                let series = try evaluator.evaluate(graphite.targets, window: graphite.window)
                return try chart(graphite, series: series, snapshot: store.snapshot)
            }
            let type = format == .png ? "image/png" : "image/svg+xml"
            return Response(
                status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        // Deferred reads evaluate in microseconds (names only); the rest run on a render worker.
        let prepared: [GraphiteOutputSeries]
        let maxDataPoints = format == .json ? graphite.maxDataPoints : nil
        if deferReads {
            let evaluator = GraphiteEvaluator(store: store, limits: limits, xFilesFactor: graphite.xFilesFactor, deferReads: true)
            prepared = GraphiteOutput.prepare(
                try evaluator.evaluate(graphite.targets, window: graphite.window), store: store, maxDataPoints: maxDataPoints)
        } else {
            let box = Mutex<[GraphiteOutputSeries]>([])
            _ = try await state.renderPool.frame(.graphite) {
                let evaluator = GraphiteEvaluator(store: store, limits: limits, xFilesFactor: graphite.xFilesFactor)
                let series = GraphiteOutput.prepare(
                    try evaluator.evaluate(graphite.targets, window: graphite.window), store: store, maxDataPoints: maxDataPoints)
                box.withLock { $0 = series }
                return []
            }
            prepared = box.withLock { $0 }
        }
        let type: String =
            switch format {
            case .json: graphite.jsonp == nil ? "application/json" : "text/javascript"
            case .csv: "text/csv"
            default: "text/plain"
            }
        let chunks = GraphiteOutputChunks(
            prepared, format: format, noNullPoints: graphite.noNullPoints, jsonp: graphite.jsonp, timeZone: graphite.timeZone)
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var chunks = chunks
                while let chunk = chunks.next() {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    /// A PNG or SVG of the evaluated series, drawn by `FrameRenderer.render`.
    static func chart(_ request: GraphiteRenderRequest, series: [GraphiteSeries], snapshot: Aggregator) throws -> [UInt8] {
        let spec = try GraphiteChart.spec(
            request, series: series,
            annotations: GraphiteEventRoutes.annotations(
                request.graph["events"], snapshot: snapshot, from: request.window.from * 1000, until: request.window.until * 1000))
        guard !series.isEmpty else {
            // graphite-web draws an empty chart ("No Data"); a chart needs one series here, so an
            // empty line over the window stands for it.
            let empty = SeriesData(key: SeriesKey(name: "No Data"), times: [], values: [])
            return try FrameRenderer.render(spec: spec, series: [empty], format: request.format == .png ? .png : .svg).bytes
        }
        guard series.count <= ChartSpec.maxSeries else {
            throw GraphiteError("\(series.count) series; a chart draws at most \(ChartSpec.maxSeries): narrow the targets", isLimit: true)
        }
        let sources = GraphiteChart.sources(
            series, snapshot: snapshot,
            uniqueLegend: spec.style.uniqueLegend)
        return try FrameRenderer.render(spec: spec, series: sources, format: request.format == .png ? .png : .svg).bytes
    }

    // MARK: /metrics

    static func find(_ request: Request, state: ServerState) async throws -> Response {
        let params = Dictionary(try await pairs(request), uniquingKeysWith: { _, last in last })
        guard let rawQuery = params["query"] else { throw GraphiteError("missing required parameter 'query'") }
        guard !rawQuery.isEmpty else { throw GraphiteError("required parameter 'query' is empty") }
        let format = params["format"] ?? "treejson"
        let store = await store(request, state: state)
        let query = format == "completer" ? GraphiteFind.completerQuery(rawQuery) : rawQuery
        var nodes = try GraphiteFind.find(query, in: store)
        if (int(params["leavesOnly"]) ?? 0) != 0 { nodes = nodes.filter(\.isLeaf) }
        nodes.sort { $0.name < $1.name }
        let wildcards = (int(params["wildcards"]) ?? 0) != 0
        let body: JSONValue
        switch format {
        case "treejson":
            body = .array(GraphiteFind.treeJSON(nodes, query: rawQuery, wildcards: wildcards).map(JSONValue.sortedObject))
        case "completer":
            var metrics: [JSONValue] = nodes.map { node in
                .object([
                    ("path", .string(node.path + (node.isLeaf ? "" : "."))), ("name", .string(node.name)),
                    ("is_leaf", .string(node.isLeaf ? "1" : "0"))
                ])
            }
            if metrics.count > 1 && wildcards { metrics.append(.object([("name", .string("*"))])) }
            body = .object([("metrics", .array(metrics))])
        case "json":
            body = .array(
                nodes.sorted { $0.path < $1.path }.map { node in
                    .object([("path", .string(node.path)), ("is_leaf", .bool(node.isLeaf))])
                })
        case "nodelist":
            let position = int(params["position"]) ?? -1
            var found: Set<String> = []
            for node in nodes {
                let parts = node.path.split(separator: ".", omittingEmptySubsequences: false)
                let i = position < 0 ? parts.count + position : position
                if i >= 0, i < parts.count { found.insert(String(parts[i])) }
            }
            body = .object([("nodes", .array(found.sorted().map { .string($0) }))])
        default:
            throw GraphiteError("parameter 'format': '\(format)' is not supported; one of treejson, completer, json, nodelist")
        }
        return json(body, jsonp: params["jsonp"])
    }

    static func expand(_ request: Request, state: ServerState) async throws -> Response {
        let pairs = try await pairs(request)
        let params = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        let queries = pairs.filter { $0.0 == "query" }.map(\.1)
        let leavesOnly = (int(params["leavesOnly"]) ?? 0) != 0
        let store = await store(request, state: state)
        var results: [(String, [String])] = []
        for query in queries.prefix(100) {
            let nodes = try GraphiteFind.find(query, in: store)
            results.append((query, Array(Set(nodes.filter { $0.isLeaf || !leavesOnly }.map(\.path))).sorted()))
        }
        let body: JSONValue
        if (int(params["groupByExpr"]) ?? 0) != 0 {
            var seen: Set<String> = []
            body = .object([
                ("results", .object(results.filter { seen.insert($0.0).inserted }.map { ($0.0, .array($0.1.map { .string($0) })) }))
            ])
        } else {
            body = .object([("results", .array(Set(results.flatMap(\.1)).sorted().map { .string($0) }))])
        }
        return json(body, jsonp: params["jsonp"])
    }

    static func index(_ request: Request, state: ServerState) async throws -> Response {
        let params = Dictionary(queryPairs(request), uniquingKeysWith: { _, last in last })
        let store = await store(request, state: state)
        return json(.array(Set(store.untaggedNames()).sorted().map { .string($0) }), jsonp: params["jsonp"])
    }

    // MARK: /functions

    static func functions(_ request: Request) async throws -> Response {
        let params = Dictionary(queryPairs(request), uniquingKeysWith: { _, last in last })
        let grouped = ["1", "true"].contains((params["grouped"] ?? "").lowercased())
        let group = params["group"]
        var byName: [(String, JSONValue)] = []
        var byGroup: [String: [(String, JSONValue)]] = [:]
        for name in GraphiteFunctions.table.keys.sorted() {
            let function = GraphiteFunctions.table[name]!
            if let group, group != function.group { continue }
            let info = GraphiteFunctionInfo.json(function, name: name)
            if grouped { byGroup[function.group, default: []].append((name, info)) } else { byName.append((name, info)) }
        }
        let body: JSONValue = grouped ? .object(byGroup.keys.sorted().map { ($0, .object(byGroup[$0]!)) }) : .object(byName)
        return json(body, jsonp: params["jsonp"])
    }

    static func function(_ request: Request, name: String) async throws -> Response {
        guard let function = GraphiteFunctions.table[name] else {
            throw HTTPError(.notFound, message: "Function not found: \(name)")
        }
        return json(GraphiteFunctionInfo.json(function, name: name), jsonp: nil)
    }

    // MARK: Helpers

    static func int(_ text: String?) -> Int? { text.flatMap { Int($0) } }

    static func json(_ value: JSONValue, jsonp: String?) -> Response {
        var text = value.text
        var type = "application/json"
        if let jsonp, GraphiteRenderRequest.isCallbackName(jsonp) {
            text = "\(jsonp)(\(text))"
            type = "text/javascript"
        }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache", .init("Pragma")!: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// 400 with the message (graphite-web answers input errors with 400).
extension GraphiteError: FramecastHTTPError {
    public var status: HTTPResponse.Status { .badRequest }
}
