import Logging
import ServiceLifecycle

/// `serve --demo`: replays sample series and a few synthetic high-rate series into the engine
/// (owned by the ingest area).
public struct DemoFeed: Service {
    let state: ServerState
    /// Directory of NAB CSV files to replay; nil: synthetic series only.
    let samplesDirectory: String?

    public init(state: ServerState, samplesDirectory: String?) {
        self.state = state
        self.samplesDirectory = samplesDirectory
    }

    public func run() async throws {
        try await gracefulShutdown()
    }
}
