import CSnappy
import FramecastCore

// libFuzzer entry point for the `remotewrite` target: Prometheus remote_write bodies through
// RemoteWriteDecoder.decode. scripts/fuzz/run.sh compiles it with the FramecastProtocols sources
// (one module, against FramecastCore and SwiftProtobuf modules) into its own binary, because
// FramecastProtocols needs SwiftProtobuf and the C snappy library, which the FramecastCore fuzz
// binary does not link. The decoder must never trap, whatever the bytes: a crash is a finding.
//
// The first byte picks the mode:
//   even  the rest is the HTTP body as sent (snappy block holding a WriteRequest): reaches the
//         snappy length and validation checks; random bytes rarely get past them.
//   odd   the rest is the uncompressed protobuf, snappy-compressed here (snappy_compress) before
//         decoding, so mutations land in the protobuf and label/sample layers.

/// The body limit the server's route uses by default (1 MiB uncompressed).
let remoteWriteFuzzLimit = 1 << 20

func fuzzRemoteWrite(_ bytes: UnsafeRawBufferPointer) {
    guard let mode = bytes.first else { return }
    let rest = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
    if mode & 1 == 0 {
        decodeChecked(rest, uncompressedCount: nil)
    } else {
        let body = snappyCompress(rest)
        body.withUnsafeBytes { decodeChecked($0, uncompressedCount: rest.count) }
    }
}

/// Decodes and checks what any accepted body must satisfy.
func decodeChecked(_ body: UnsafeRawBufferPointer, uncompressedCount: Int?) {
    var batch = ParsedBatch()
    let options = ParseOptions(now: 1_700_000_000_000)
    do throws(RemoteWriteDecoder.Failure) {
        try RemoteWriteDecoder.decode(body, limit: remoteWriteFuzzLimit, options: options, into: &batch)
    } catch {
        // A body we compressed ourselves is valid snappy and within the limit: only the protobuf
        // layer may refuse it.
        if uncompressedCount != nil, case .snappy(let failure) = error {
            preconditionFailure("own snappy block refused: \(failure)")
        }
        _ = error.description
        return
    }
    precondition(batch.series.count == batch.times.count && batch.times.count == batch.values.count)
    precondition(batch.acceptedPoints + batch.rejectedLines + batch.skippedFields == batch.linesRead)
    for time in batch.times { precondition(EpochTime.validRange.contains(time), "time \(time) out of range") }
    for value in batch.values { precondition(value.isFinite, "stored non-finite value \(value)") }
    let keys = batch.keys
    for id in batch.series { precondition(id >= 0 && Int(id) < keys.count, "series id \(id) of \(keys.count)") }
    for key in keys { _ = key.description }
}

func snappyCompress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
    var out = [CChar](repeating: 0, count: snappy_max_compressed_length(input.count))
    var count = out.count
    let empty: CChar = 0
    let status = withUnsafePointer(to: empty) { fallback in
        snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self) ?? fallback, input.count, &out, &count)
    }
    precondition(status == SNAPPY_OK, "snappy_compress failed")
    return out[0..<count].map { UInt8(bitPattern: $0) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRemoteWriteOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzRemoteWrite(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
