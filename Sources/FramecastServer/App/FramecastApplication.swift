import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application: every route on one router (WebSocket upgrades included) and the
/// background services (stream hub ticks, Graphite TCP listener, demo feed) under one lifecycle.
public enum FramecastApplication {
    public typealias Context = BasicWebSocketRequestContext

    public static func router(state: ServerState) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: CORSAllowList(origins: state.options.corsOrigins))
        router.add(middleware: PrivateSeriesMiddleware(state: state))
        OpsRoutes.register(on: router, state: state)
        IngestRoutes.register(on: router, state: state)
        RenderRoutes.register(on: router, state: state)
        StreamRoutes.register(on: router, state: state)
        EmbedRoutes.register(on: router, state: state)
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
            services: [state.hub] + services,
            onServerRunning: onServerRunning,
            logger: state.logger)
    }
}
