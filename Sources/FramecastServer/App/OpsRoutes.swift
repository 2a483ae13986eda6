import Foundation
import Hummingbird

/// `/metrics` (Prometheus text) and `/healthz`.
enum OpsRoutes {
    static func register(on router: Router<FramecastApplication.Context>, state: ServerState) {
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let bytes = ServerMetrics.registry.emitToBuffer()
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/healthz") { _, _ -> Response in
            let snapshot = await state.engine.snapshot()
            // 503 while writes cannot be made durable (checking tries to reopen the log first).
            if let failure = await state.engine.log.checkHealth() {
                return try JSONBody.response(
                    Health(status: "unavailable", store: failure.description, series: snapshot.seriesCount), status: .serviceUnavailable)
            }
            return try JSONBody.response(Health(status: "ok", store: "ok", series: snapshot.seriesCount))
        }
    }
}

/// `/healthz`.
struct Health: Encodable {
    let status: String
    let store: String
    let series: Int
}
