import FramecastCore
import FramecastStore
import Logging
import ServiceLifecycle

/// Renders each watched chart once per tick and fans the same bytes out to its subscribers'
/// one-slot mailboxes (owned by the stream hub area).
public final class StreamHub: Service, @unchecked Sendable {
    let engine: IngestEngine
    let renderPool: RenderPool
    let limits: StreamLimits
    let logger: Logger

    public init(engine: IngestEngine, renderPool: RenderPool, limits: StreamLimits, logger: Logger) {
        self.engine = engine
        self.renderPool = renderPool
        self.limits = limits
        self.logger = logger
    }

    public func run() async throws {
        try await gracefulShutdown()
    }
}
