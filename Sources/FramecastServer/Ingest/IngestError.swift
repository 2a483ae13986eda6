import Hummingbird

/// Why a write was refused before any of it was stored. Each message says what to change.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body (or its decompressed form) is larger than `IngestLimits.maxBodyBytes`.
    case bodyTooLarge(limit: Int, decompressed: Bool)
    /// The bytes in flight reached `IngestLimits.maxBacklogBytes`; retry after the given seconds.
    case backlogFull(retryAfter: Int)
    /// A write token is configured and the request carries none or another one.
    case unauthorized(String)
    /// `Content-Encoding` other than gzip or identity.
    case unsupportedEncoding(String)
    /// A gzip body that does not decompress.
    case corruptBody
    /// A query parameter or header that cannot be used.
    case badParameter(ParameterError)
    /// The format could not be told from `?format=`, `Content-Type` or the content.
    case unknownFormat

    public var description: String {
        switch self {
        case .bodyTooLarge(let limit, let decompressed):
            return
                "request body is larger than \(limit) bytes\(decompressed ? " once decompressed" : ""): split the write into smaller batches"
        case .backlogFull(let seconds):
            return "the server is busy making earlier writes durable: retry in \(seconds) s (Retry-After)"
        case .unauthorized(let why):
            return "\(why): send the write token as 'Authorization: Bearer TOKEN' (Influx clients: 'Authorization: Token TOKEN')"
        case .unsupportedEncoding(let encoding):
            return "Content-Encoding '\(encoding)' is not supported: send gzip or an uncompressed body"
        case .corruptBody:
            return "the body is not valid gzip data although Content-Encoding says gzip"
        case .badParameter(let error):
            return error.description
        case .unknownFormat:
            return
                "cannot tell the format of the body: pass ?format=graphite|influx|csv|json or a Content-Type (text/csv, application/json)"
        }
    }

    public var status: HTTPResponse.Status {
        switch self {
        case .bodyTooLarge: return .contentTooLarge
        case .backlogFull: return .tooManyRequests
        case .unauthorized: return .unauthorized
        case .unsupportedEncoding: return .unsupportedMediaType
        case .corruptBody, .badParameter, .unknownFormat: return .badRequest
        }
    }

    /// Headers the status calls for: `Retry-After` on 429, `WWW-Authenticate` on 401.
    public var headers: HTTPFields {
        var headers = HTTPFields()
        switch self {
        case .backlogFull(let seconds): headers[.retryAfter] = String(seconds)
        case .unauthorized: headers[.wwwAuthenticate] = "Bearer realm=\"framecast\""
        default: break
        }
        return headers
    }
}
