import CompressNIO
import Hummingbird
import NIOCore

/// A write's body, collected within the limits: at most `maxBodyBytes` (checked on
/// `Content-Length` before reading, and again while a chunked body arrives), gunzipped when
/// `Content-Encoding: gzip`, and every byte held reserved in the shared backlog. The caller
/// releases `reserved` once the write is answered.
struct WriteBody {
    var bytes: ByteBuffer
    var reserved: Int

    /// `passing`: content encodings the route decodes itself (remote_write's `snappy`), kept as sent.
    static func read(
        _ request: Request, limits: IngestLimits, backlog: IngestBacklog, passing: Set<String> = []
    ) async throws(IngestError) -> WriteBody {
        let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased()
        let gzip = try encoding.map { passing.contains($0) } == true ? false : isGzip(encoding)
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes, decompressed: false) }
        var reserved = 0
        do {
            if let declared {
                guard backlog.tryReserve(declared) else { throw IngestError.backlogFull(retryAfter: limits.retryAfterSeconds) }
                reserved = declared
            }
            var body = ByteBuffer()
            if let declared { body.reserveCapacity(declared) }
            for try await var chunk in request.body {
                guard body.readableBytes + chunk.readableBytes <= limits.maxBodyBytes else {
                    throw IngestError.bodyTooLarge(limit: limits.maxBodyBytes, decompressed: false)
                }
                let extra = body.readableBytes + chunk.readableBytes - reserved
                if extra > 0 {
                    guard backlog.tryReserve(extra) else { throw IngestError.backlogFull(retryAfter: limits.retryAfterSeconds) }
                    reserved += extra
                }
                body.writeBuffer(&chunk)
            }
            var result = WriteBody(bytes: body, reserved: reserved)
            if gzip { try result.gunzip(limits: limits, backlog: backlog) }
            return result
        } catch let error as IngestError {
            backlog.release(reserved)
            throw error
        } catch {
            backlog.release(reserved)
            throw .badParameter(ParameterError("body", "the request body could not be read: \(error)"))
        }
    }

    static func isGzip(_ encoding: String?) throws(IngestError) -> Bool {
        guard let encoding = encoding?.trimmingCharacters(in: .whitespaces).lowercased(), !encoding.isEmpty else { return false }
        switch encoding {
        case "gzip", "x-gzip": return true
        case "identity": return false
        default: throw .unsupportedEncoding(encoding)
        }
    }

    /// Replaces the compressed bytes by the decompressed ones. The output is reserved before it
    /// is written: first a guess (8× the input), then, when that overflows, up to the body limit.
    mutating func gunzip(limits: IngestLimits, backlog: IngestBacklog) throws(IngestError) {
        let compressed = bytes
        var allowance = min(limits.maxBodyBytes, max(compressed.readableBytes * 8, 64 << 10))
        guard backlog.tryReserve(allowance) else { throw .backlogFull(retryAfter: limits.retryAfterSeconds) }
        while true {
            var input = compressed
            do {
                let output = try input.decompress(with: .gzip(), maxSize: allowance)
                // The output stays reserved in place of the input and of the unused allowance.
                backlog.release(reserved + allowance - output.readableBytes)
                reserved = output.readableBytes
                bytes = output
                return
            } catch let error as CompressNIOError where error == .bufferOverflow {
                let more = limits.maxBodyBytes - allowance
                guard more > 0 else {
                    backlog.release(allowance)
                    throw .bodyTooLarge(limit: limits.maxBodyBytes, decompressed: true)
                }
                guard backlog.tryReserve(more) else {
                    backlog.release(allowance)
                    throw .backlogFull(retryAfter: limits.retryAfterSeconds)
                }
                allowance += more
            } catch {
                backlog.release(allowance)
                throw .corruptBody
            }
        }
    }
}
