import Foundation
import FramecastCore
import Hummingbird

/// Private charts on public pages: a request to a chart or data endpoint whose series patterns
/// match any series under a `--private` pattern needs a valid, unexpired signature (403 with a
/// message otherwise). Checked before the route runs, against the series that exist now.
struct PrivateSeriesMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ServerState
    static var guardedPaths: Set<String> {
        ["/render", "/stream", "/events", "/ws", "/embed", "/badge", "/api/v1/query", "/api/v1/series"]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let options = state.options
        guard !options.privateSeries.isEmpty, Self.guardedPaths.contains(request.uri.path) else {
            return try await next(request, context)
        }
        let pairs = request.allQueryPairs
        var patterns = pairs.filter { $0.0 == "series" }.flatMap { ChartQuery.splitPatterns($0.1).map(Glob.init) }
        if request.uri.path == "/api/v1/series" { patterns.append(Glob(pairs.last { $0.0 == "match" }?.1 ?? "**")) }
        let snapshot = await state.engine.snapshot()
        let touchesPrivate =
            snapshot.seriesIDs { key in
                patterns.contains { $0.matches(key) } && options.privateSeries.contains { $0.matches(key) }
            }.first != nil
        guard touchesPrivate else { return try await next(request, context) }
        guard let signer = options.signer else {
            throw HTTPError(.forbidden, message: "this chart shows private series and the server has no signing key")
        }
        do {
            try signer.verify(path: request.uri.path, query: pairs.filter { $0.0 != "_" }, now: ServerClock.now() / 1000)
        } catch {
            AccessMetrics.refused.increment()
            throw error
        }
        return try await next(request, context)
    }
}
