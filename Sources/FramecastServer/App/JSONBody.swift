import Foundation
import FramecastCore
import Hummingbird

/// JSON responses are `Encodable` values written by Foundation's `JSONEncoder`: no route builds
/// JSON by hand. The one exception is the stream messages (`StreamMessage`), encoded once per
/// chart per tick for every live chart, where `ColumnsJSON` is the measured faster writer
/// (`framecast-bench json`).
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try bytes(value))))
    }

    static func bytes(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return Array(data)
    }
}

/// A JSON number that is `null` when not finite (never stored, but sums can overflow).
struct JSONNumber: Encodable {
    let value: Double

    init(_ value: Double) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if !value.isFinite {
            try container.encodeNil()
        } else if value == value.rounded(), abs(value) < 1e15 {
            try container.encode(Int64(value))
        } else {
            try container.encode(value)
        }
    }
}

/// The non-empty columns of a reduced series as `[[start,min,max,first,last,count,avg],…]`
/// (the layout `ColumnsJSON.columns` writes for the streams).
struct ColumnsArray: Encodable {
    let series: M4Series

    func encode(to encoder: any Encoder) throws {
        var columns = encoder.unkeyedContainer()
        for (c, column) in series.columns.enumerated() where !column.isEmpty {
            var row = columns.nestedUnkeyedContainer()
            try row.encode(ColumnsJSON.columnStart(c, from: series.from, until: series.until, width: series.width))
            for value in [column.min, column.max, column.first, column.last] { try row.encode(JSONNumber(value)) }
            try row.encode(column.count)
            try row.encode(JSONNumber(column.average))
        }
    }
}
