import Foundation
import FramecastCore
import FramecastRender
import FramecastStore
import Hummingbird

/// `GET /badge`: an SVG (or PNG, or shields.io endpoint JSON) status badge of one series.
enum BadgeRoute {
    static let columns = 48

    static func badge(_ request: Request, state: ServerState) async throws -> Response {
        let now = ServerClock.now()
        let query = try BadgeQuery.parse(request.queryPairs, now: now)
        let (from, until) = try query.window(now: now)
        let snapshot = await state.engine.snapshot()
        let visibility = SeriesVisibility.of(request, options: state.options)
        let ids = visibility.seriesIDs(snapshot, matching: query.series)
        guard let id = ids.first else {
            throw ChartQueryError.noSeries([query.series.pattern], in: snapshot, visibility: visibility)
        }
        guard ids.count == 1 else {
            let names = ids.prefix(5).map { snapshot.key(of: $0).description }.joined(separator: ", ")
            throw ParameterError(
                "series", "a badge shows one series; '\(query.series.pattern)' matched \(ids.count) (\(names)\(ids.count > 5 ? ", …" : ""))"
            )
        }
        let m4 = StoredSeries(snapshot: snapshot, id: id).reduce(from: from, until: until, width: columns)
        let value = Badge.value(of: m4, stat: query.stat)
        let key = snapshot.key(of: id)
        let badge = Badge(
            label: query.label ?? key.name.split(separator: ".").last.map(String.init) ?? key.name,
            message: query.message(for: value), status: Badge.status(of: value, warn: query.warn, crit: query.crit),
            sparkline: m4.columns.map { $0.isEmpty ? nil : $0.average })
        var hash = StableHash()
        hash.combine(request.uri.query ?? "")
        hash.combine(Int64(bitPattern: snapshot.version(of: id)))
        hash.combine(until / max(1, (until - from) / Int64(columns)))
        var headers = HTTPFields()
        headers[.eTag] = "\"fcb-\(hash.hex)\""
        headers[.cacheControl] = "max-age=\(max(1, min(60, (until - from) / Int64(columns) / 1000)))"
        if let tags = request.headers[.ifNoneMatch], RenderRoutes.matches(tags, headers[.eTag]!) {
            return Response(status: .notModified, headers: headers)
        }
        let bytes: [UInt8]
        switch query.format {
        case .json:
            headers[.contentType] = "application/json"
            // The shields.io endpoint schema, so a shields badge can be drawn from it.
            bytes = try JSONBody.bytes(ShieldsEndpoint(label: badge.label, message: badge.message, color: badge.status.colorName))
        case .svg:
            headers[.contentType] = "image/svg+xml"
            bytes = SVGWriter.write(badge.scene(measurer: CairoTextMeasurer.shared))
        case .png:
            headers[.contentType] = "image/png"
            let scene = badge.scene(scale: query.scale, measurer: CairoTextMeasurer.shared)
            bytes = try await state.renderPool.frame(.badge) { try FrameRenderer.rasterize(scene) }
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// `/badge?format=json`: shields.io's endpoint schema (schemaVersion 1).
struct ShieldsEndpoint: Encodable {
    var schemaVersion = 1
    let label: String
    let message: String
    let color: String
}
