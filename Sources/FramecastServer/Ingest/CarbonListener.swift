import Logging
import ServiceLifecycle

/// Graphite plaintext over TCP (owned by the ingest area).
public struct CarbonListener: Service {
    let state: ServerState
    let host: String
    let port: Int

    public init(state: ServerState, host: String, port: Int) {
        self.state = state
        self.host = host
        self.port = port
    }

    public func run() async throws {
        try await gracefulShutdown()
    }
}
