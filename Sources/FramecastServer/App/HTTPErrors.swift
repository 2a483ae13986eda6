import Hummingbird

/// Parameter and chart errors answer with their own message, as JSON `{"error":{"message":…}}`
/// like every other Hummingbird error: 400 for a bad parameter, 404 for no matching series.
extension ParameterError: HTTPResponseError {
    public var status: HTTPResponse.Status { .badRequest }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, message: description).response(from: request, context: context)
    }
}

extension ChartQueryError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .parameter, .tooManySeries: return .badRequest
        case .noSeries: return .notFound
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, message: description).response(from: request, context: context)
    }
}

extension Request {
    /// The query parameters, percent-decoded, in URL order, without the ones the server itself
    /// reads before any route (`expires` and `sig` of signed URLs, and `_`, a cache-buster).
    var queryPairs: [(String, String)] {
        allQueryPairs.filter { !Self.serverParameters.contains($0.0) }
    }

    static let serverParameters: Set<String> = [URLSigner.expiresParameter, URLSigner.signatureParameter, "_"]

    /// Every query parameter, percent-decoded, in URL order.
    var allQueryPairs: [(String, String)] {
        uri.queryParameters.map { (String($0.key), String($0.value)) }
    }
}
