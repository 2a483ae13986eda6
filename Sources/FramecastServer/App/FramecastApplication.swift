import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: every route on one router (WebSocket upgrades included) and the
/// background services (engine checkpoint timer, stream hub ticks, Graphite TCP listener, demo
/// feed) under one service group.
///
/// Order: a service group starts its services in order and shuts them down in reverse, and
/// Hummingbird adds the HTTP server last. So on SIGINT/SIGTERM the server stops first (it stops
/// accepting and drains requests; open streams see the graceful shutdown and end cleanly), then
/// `services` (listener, feeds), then the stream hub (refuses and closes streams), and the
/// engine last (last checkpoint, store closed).
public enum FramecastApplication {
    public typealias Context = BasicWebSocketRequestContext

    public static func router(state: ServerState) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: CORSAllowList(origins: state.options.corsOrigins))
        OpsRoutes.register(on: router, state: state)
        IngestRoutes.register(on: router, state: state)
        ScrapeRoutes.register(on: router, state: state)
        // Every route that reads series is in this group: the private-series check is on the
        // group, so it runs for whatever path spelling the router maps to these handlers.
        let readsSeries = router.group().add(middleware: PrivateSeriesMiddleware(state: state))
        RenderRoutes.register(on: readsSeries, state: state)
        StreamRoutes.register(on: readsSeries, state: state)
        EmbedRoutes.register(on: readsSeries, state: state)
        return router
    }

    public static func build(
        state: ServerState, services: [any Service] = [],
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    )
        -> some ApplicationProtocol
    {
        let router = router(state: state)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: ApplicationConfiguration(
                address: .hostname(state.options.httpHost, port: state.options.httpPort), serverName: "framecast"),
            services: [state.engine, state.hub] + services,
            onServerRunning: onServerRunning,
            logger: state.logger)
    }
}
