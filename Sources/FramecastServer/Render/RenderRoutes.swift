import Foundation
import FramecastCore
import FramecastRender
import FramecastStore
import Hummingbird

/// `GET /render` (PNG, SVG, overlay or JSON through `FrameRenderer.render`, the function
/// `framecast export` calls), `GET /api/v1/series` and `GET /api/v1/query`.
enum RenderRoutes {
    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.get("/render") { request, _ in try await render(request, state: state) }
        router.get("/api/v1/series") { request, _ in try await SeriesQueryRoutes.series(request, state: state) }
        router.get("/api/v1/query") { request, _ in try await SeriesQueryRoutes.query(request, state: state) }
        router.get("/api/v1/series/tree") { request, _ in try await SeriesQueryRoutes.tree(request, state: state) }
    }

    static func render(_ request: Request, state: ServerState) async throws -> Response {
        // A request with `target` is graphite-web's; one with `series` is Framecast's own.
        if request.queryPairs.contains(where: { $0.0 == "target" || $0.0 == "target[]" }) {
            return try await GraphiteRoutes.render(request, state: state)
        }
        // Every parameter is checked before the data is touched.
        let query = try ChartQuery.parse(request.queryPairs, visibility: .of(request, options: state.options))
        let now = ServerClock.now()
        let resolved = try query.resolve(
            snapshot: await state.engine.snapshot(), now: now, budget: state.options.render.maxBucketsPerRender)
        var headers = HTTPFields()
        headers[.eTag] = resolved.etag
        headers[.cacheControl] = "max-age=\(resolved.maxAgeSeconds)"
        if let tags = request.headers[.ifNoneMatch], matches(tags, resolved.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = query.format.contentType
        let bytes = try await state.renderPool.frame(.render) { try frameBytes(resolved) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The frame for a resolved chart: drawn by `FrameRenderer.render`, or its M4 columns as JSON.
    static func frameBytes(_ resolved: ResolvedChart) throws -> [UInt8] {
        guard let format = resolved.query.format.frameFormat else {
            return try ChartJSON.write(resolved)
        }
        return try FrameRenderer.render(spec: resolved.spec, series: resolved.sources, format: format).bytes
    }

    /// `If-None-Match`: a list of entity tags or `*`; weak tags compare by their opaque part.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { raw in
            let tag = raw.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }
}
