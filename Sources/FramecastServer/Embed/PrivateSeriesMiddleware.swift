import Foundation
import FramecastCore
import Hummingbird

/// Private charts on public pages. This middleware sits on the router group that holds every
/// route reading series (`FramecastApplication.router`), so whatever path spelling the router
/// maps to those handlers (`/render/`, `//render`) passes through it; it does not look at the path.
///
/// A request whose series patterns match a series under a `--private` pattern now needs a valid,
/// unexpired signature: 403 with a message otherwise (that names no series). What an unsigned
/// request may draw later is decided by `SeriesVisibility`, which every handler applies, and
/// which streams re-apply at every tick. `/api/v1/series` is not refused: it lists what is visible.
struct PrivateSeriesMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: ServerState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let options = state.options
        guard SeriesVisibility.of(request, options: options).hidesAny else { return try await next(request, context) }
        let patterns = request.allQueryPairs.filter { $0.0 == "series" }.flatMap { ChartQuery.splitPatterns($0.1).map(Glob.init) }
        guard !patterns.isEmpty else { return try await next(request, context) }
        let snapshot = await state.engine.snapshot()
        let touchesPrivate =
            snapshot.seriesIDs { key in
                patterns.contains { $0.matches(key) } && options.privateSeries.contains { $0.matches(key) }
            }.first != nil
        guard touchesPrivate else { return try await next(request, context) }
        AccessMetrics.refused.increment()
        // Throws why the signature does not verify (SigningError and HTTPError are 403s).
        try SeriesVisibility.verifySignature(request, options: options)
        // Unreachable in practice (a request that verifies sees everything); refuse rather than leak.
        throw HTTPError(.forbidden, message: "this chart shows private series: sign its URL with `framecast sign`")
    }
}
