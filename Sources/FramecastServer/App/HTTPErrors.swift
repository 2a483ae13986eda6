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
    /// The query parameters, percent-decoded, in URL order.
    var queryPairs: [(String, String)] {
        uri.queryParameters.map { (String($0.key), String($0.value)) }
    }
}
