import Hummingbird
import HummingbirdCore
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
        GraphiteRoutes.register(on: readsSeries, state: state)
        StreamRoutes.register(on: readsSeries, state: state)
        EmbedRoutes.register(on: readsSeries, state: state)
        ExplorerPage.register(on: router, state: state)
        return router
    }

    /// HTTP/1 with WebSocket upgrade, every connection held to `ServerOptions.http` (see
    /// `ConnectionGuard`, `RequestBodyGuard`).
    public static func server(router: Router<Context>, state: ServerState) -> HTTPServerBuilder {
        let webSocketResponder = router.buildResponder()
        let limits = state.options.http
        let connections = state.connections
        return HTTPServerBuilder { responder in
            let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestBodyGuard(limits: limits)])
            let inner = HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: webSocketResponder, configuration: .init(http1: http1))
            return GuardedChildChannel(inner: inner, limits: limits, connections: connections)
        }
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
            server: server(router: router, state: state),
            configuration: ApplicationConfiguration(
                address: .hostname(state.options.httpHost, port: state.options.httpPort), serverName: "framecast"),
            services: [state.engine, state.hub] + services,
            onServerRunning: onServerRunning,
            logger: state.logger)
    }
}
