import Foundation
import FramecastRender
import Hummingbird

/// The one place that decides how a server error answers: every error type a route can throw
/// conforms, and answers with its status, headers and message as JSON `{"error":{"message":…}}`
/// like Hummingbird's own `HTTPError`. The message says what to fix.
public protocol FramecastHTTPError: HTTPResponseError, CustomStringConvertible {
    /// Headers the status calls for (Retry-After, WWW-Authenticate); none by default.
    var headers: HTTPFields { get }
}

extension FramecastHTTPError {
    public var headers: HTTPFields { HTTPFields() }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, headers: headers, message: description).response(from: request, context: context)
    }
}

/// 400 for a bad parameter.
extension ParameterError: FramecastHTTPError {
    public var status: HTTPResponse.Status { .badRequest }
}

/// 400 for a bad parameter, 404 for no matching series.
extension ChartQueryError: FramecastHTTPError {
    public var status: HTTPResponse.Status {
        switch self {
        case .parameter, .tooManySeries: return .badRequest
        case .noSeries: return .notFound
        case .overBudget: return .serviceUnavailable
        }
    }

    /// A chart over the render budget is refused before it costs anything; Retry-After because a
    /// 503 needs one, though the same chart only fits once its range or series are narrowed.
    public var headers: HTTPFields {
        if case .overBudget = self { return [.retryAfter: "60"] }
        return HTTPFields()
    }
}

/// 503 with Retry-After: every renderer is busy and the queue is full.
extension RenderPoolOverloaded: FramecastHTTPError {
    public var status: HTTPResponse.Status { .serviceUnavailable }
    public var headers: HTTPFields { [.retryAfter: String(retryAfterSeconds)] }
    public var description: String {
        "every renderer is busy and the queue is full; retry after \(retryAfterSeconds) s"
    }
}

/// 503 with Retry-After: the frame was not ready within the render deadline.
extension RenderDeadlineExceeded: FramecastHTTPError {
    public var status: HTTPResponse.Status { .serviceUnavailable }
    public var headers: HTTPFields { [.retryAfter: "5"] }
    public var description: String {
        "the frame was not ready within the render deadline of \(seconds.formatted()) s; retry later, or ask for a shorter range or fewer series"
    }
}

/// 503 with Retry-After: the stream hub is at its subscriber or chart limit.
extension StreamRefused: FramecastHTTPError {
    public static let retryAfterSeconds = 5
    public var status: HTTPResponse.Status { .serviceUnavailable }
    public var headers: HTTPFields { [.retryAfter: String(Self.retryAfterSeconds)] }
}

/// 403: a private chart without a valid signature; 500 for a key the server cannot use.
extension SigningError: FramecastHTTPError {
    public var status: HTTPResponse.Status {
        switch self {
        case .missing, .missingExpiry, .invalid, .expired: return .forbidden
        case .unreadableKey, .keyTooShort: return .internalServerError
        }
    }
}

/// A write refused before any of it was stored (413, 429, 401, 415 or 400). The write routes
/// answer in their client's dialect (`WriteReply`); anywhere else it answers like every error.
extension IngestError: FramecastHTTPError {}

/// 500: the frame could not be drawn (a surface Cairo could not allocate, an encoder failure).
extension RenderError: FramecastHTTPError {
    public var status: HTTPResponse.Status { .internalServerError }
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
