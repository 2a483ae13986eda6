import Hummingbird
import HummingbirdWebSocket

/// `/stream` (multipart PNG frames), `/events` (Server-Sent Events), `/ws` (owned by the stream hub area).
enum StreamRoutes {
    static func register(on router: Router<FramecastApplication.Context>, state: ServerState) {
    }
}
