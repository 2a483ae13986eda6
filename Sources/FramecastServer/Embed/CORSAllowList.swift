import Hummingbird

/// Cross-origin reads of the JSON and SSE endpoints, for the origins in `--cors-origin` only
/// (`*` allows any). Images need no CORS; writes are never opened to other origins.
struct CORSAllowList<Context: RequestContext>: RouterMiddleware {
    let origins: [String]
    static func isReadable(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/v1/series") || path.hasPrefix("/api/v1/query") || path == "/events"
            || path == "/render" || path == "/badge"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !origins.isEmpty, let origin = request.headers[.origin], Self.isReadable(request),
            origins.contains("*") || origins.contains(origin)
        else {
            return try await next(request, context)
        }
        if request.method == .options {
            var headers = HTTPFields()
            headers[.accessControlAllowOrigin] = origin
            headers[.accessControlAllowMethods] = "GET, HEAD, OPTIONS"
            headers[.accessControlAllowHeaders] = "Last-Event-ID, If-None-Match, Cache-Control"
            headers[.accessControlMaxAge] = "600"
            headers[.vary] = "Origin"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = "ETag"
        response.headers[.vary] = "Origin"
        return response
    }
}
