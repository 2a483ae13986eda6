import FramecastCore
import FramecastStore
import Logging

/// What every route shares: the engine (source of truth), the render pool, the stream hub.
public final class ServerState: Sendable {
    public let engine: IngestEngine
    public let options: ServerOptions
    public let renderPool: RenderPool
    public let hub: StreamHub
    /// Bytes of writes being read, parsed or made durable, shared by HTTP and Graphite TCP.
    public let ingestBacklog: IngestBacklog
    public let logger: Logger
    /// The `--scrape` targets and what each did last.
    public let scrapes: ScrapeBoard
    /// HTTP connections open now (held to `options.http.maxConnections`).
    public let connections = OpenConnections()

    public init(engine: IngestEngine, options: ServerOptions, logger: Logger) {
        self.engine = engine
        self.options = options
        self.logger = logger
        scrapes = ScrapeBoard(targets: options.scrapeTargets)
        renderPool = RenderPool(limits: options.render)
        ingestBacklog = IngestBacklog(limit: options.ingest.maxBacklogBytes)
        hub = StreamHub(engine: engine, renderPool: renderPool, limits: options.streams, logger: logger)
    }
}
