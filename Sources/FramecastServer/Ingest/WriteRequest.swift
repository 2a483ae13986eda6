import Foundation
import FramecastCore
import HTTPTypes
import Hummingbird

/// What a write asks for, read from its query and headers before the body is read.
struct WriteRequest {
    var format: InputFormat?
    var options: ParseOptions
    var idempotencyKey: String?

    static let maxKeyLength = 256

    init(_ request: Request, dialect: WriteDialect, limits: IngestLimits, now: EpochMillis) throws(IngestError) {
        let pairs = request.queryPairs
        let parameters = QueryParameters(pairs, allowed: dialect.allowedParameters)
        do { try parameters.check() } catch { throw .badParameter(error) }
        options = ParseOptions(now: now, maxReportedRejections: limits.maxListedRejections)
        if dialect == .framecast {
            format = try Self.format(request, parameters)
            if let series = parameters.one("series") {
                guard !series.isEmpty else { throw .badParameter(ParameterError("series", "must not be empty")) }
                options.defaultSeries = series
            }
            if let tz = parameters.one("tz") {
                guard let zone = TimeZone(identifier: tz) else {
                    throw .badParameter(ParameterError("tz", "'\(tz)' is not an IANA time zone such as UTC or Europe/Paris"))
                }
                options.timestamps = TimestampParser(naiveZone: zone)
            }
        } else {
            format = .influx
        }
        if let text = parameters.one("precision") {
            guard let precision = dialect.precision(text) else {
                let names = dialect == .influxV2 ? "ns, us, ms or s" : "ns (n), us (u), ms, s, m or h"
                throw .badParameter(ParameterError("precision", "'\(text)' is not a precision: use \(names)"))
            }
            if let format, format != .influx {
                throw .badParameter(ParameterError("precision", "applies to Influx line protocol only, and this write is \(format)"))
            }
            options.influxPrecision = precision
        }
        if let key = request.headers[HTTPField.Name("Idempotency-Key")!] {
            guard !key.isEmpty, key.utf8.count <= Self.maxKeyLength, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw .badParameter(ParameterError("Idempotency-Key", "must be 1…\(Self.maxKeyLength) visible ASCII characters"))
            }
            idempotencyKey = key
        }
    }

    /// `?format=` first, then the Content-Type; nil: detect from the content (text/plain, none).
    static func format(_ request: Request, _ parameters: QueryParameters) throws(IngestError) -> InputFormat? {
        if let name = parameters.one("format") {
            guard let format = InputFormat.fromExtension(name) ?? InputFormat(rawValue: name.lowercased()) else {
                throw .badParameter(ParameterError("format", "'\(name)' is not a format: use graphite, influx, csv, json or prometheus"))
            }
            return format
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        // Prometheus' exposition type is `text/plain; version=0.0.4` (OpenMetrics has its own).
        if contentType.hasPrefix("application/openmetrics-text") || contentType.contains("version=0.0.4") {
            return .prometheus
        }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        switch type {
        case "text/csv", "application/csv", "text/tab-separated-values": return .csv
        case "application/json", "application/x-ndjson", "application/jsonl": return .json
        case "application/x-influx", "application/vnd.influx": return .influx
        default: return nil
        }
    }
}
