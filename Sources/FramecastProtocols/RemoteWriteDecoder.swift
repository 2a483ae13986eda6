import FramecastCore
import SwiftProtobuf

/// Prometheus remote_write 1.0: a snappy block holding a protobuf `WriteRequest`, decoded into a
/// `ParsedBatch` named by the text parser's rule, so both routes land in the same series.
public enum RemoteWriteDecoder {
    /// Why a whole body is refused (a 400); refused samples go into the batch's rejections instead.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case snappy(SnappyBlock.Failure)
        case protobuf(String)

        public var description: String {
            switch self {
            case .snappy(let failure): return failure.description
            case .protobuf(let reason): return "body is not a remote_write WriteRequest protobuf: \(reason)"
            }
        }
    }

    /// Prometheus' stale marker: a NaN with this exact bit pattern ends a series' line. Framecast
    /// has no stored gap notion, so the marker is dropped (neither stored nor refused), as every NaN is.
    public static let staleMarkerBits: UInt64 = 0x7ff0_0000_0000_0002

    /// Decodes `body` (snappy-compressed) with at most `limit` uncompressed bytes.
    public static func decode(
        _ body: UnsafeRawBufferPointer, limit: Int, options: ParseOptions, into batch: inout ParsedBatch
    ) throws(Failure) {
        let bytes: [UInt8]
        do { bytes = try SnappyBlock.uncompress(body, limit: limit) } catch { throw .snappy(error) }
        let request: Prometheus_WriteRequest
        do {
            // Nesting is two levels deep; a low recursion limit refuses deeply nested garbage early.
            var decoding = BinaryDecodingOptions()
            decoding.messageDepthLimit = 8
            request = try Prometheus_WriteRequest(serializedBytes: bytes, options: decoding)
        } catch {
            throw .protobuf(String(describing: error))
        }
        // swift-protobuf keeps a known field sent with the wrong wire type as an unknown field; a
        // body holding nothing else is not a WriteRequest, so it is refused instead of acknowledged.
        if request.timeseries.isEmpty, request.metadata.isEmpty, !request.unknownFields.data.isEmpty {
            throw .protobuf("no timeseries (field 1): fields are of the wrong wire type or not a WriteRequest's")
        }
        var sample = 0
        batch.reserve(samples: request.timeseries.reduce(0) { $0 + $1.samples.count })
        for series in request.timeseries {
            var labels: [(name: [UInt8], value: [UInt8])]?
            // The series' id once one of its samples was accepted. Whether the labels name a valid
            // series depends on the labels alone, so every further sample with a finite value and
            // a valid time goes straight into the batch with that id, as `appendSample` would put
            // it: validating and interning the labels once per sample was most of the decode time.
            var accepted: Int32?
            for point in series.samples {
                sample += 1
                batch.linesRead += 1
                // The stale marker, and any other NaN: Prometheus sends NaN for "no value" (a summary's
                // quantiles before any observation). Refusing it would answer every batch of a plain
                // self-scrape with a non-recoverable 400 (seen with Prometheus 2.42); it is dropped.
                if point.value.isNaN {
                    batch.skippedFields += 1
                    continue
                }
                if let id = accepted, point.value.isFinite, EpochTime.validRange.contains(point.timestamp) {
                    batch.series.append(id)
                    batch.times.append(point.timestamp)
                    batch.values.append(point.value)
                    continue
                }
                if labels == nil { labels = series.labels.map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) } }
                let before = batch.values.count
                PrometheusTextParser.appendSample(
                    labels: labels ?? [], time: point.timestamp, value: point.value, sample: sample, options: options,
                    into: &batch)
                if batch.values.count > before { accepted = batch.series.last }
            }
        }
    }
}

extension ParsedBatch {
    /// Room for `samples` more points in the three columns.
    fileprivate mutating func reserve(samples: Int) {
        series.reserveCapacity(series.count + samples)
        times.reserveCapacity(times.count + samples)
        values.reserveCapacity(values.count + samples)
    }
}
