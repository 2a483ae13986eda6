import Hummingbird

/// `POST /api/v1/write` (owned by the ingest area).
enum IngestRoutes {
    static func register(on router: Router<FramecastApplication.Context>, state: ServerState) {
    }
}
