import CSnappy

/// Snappy's block format (not the framed stream format), which remote_write bodies use.
///
/// The declared uncompressed length sits at the front of the block and costs nothing to read, so
/// it is held to the caller's limit before a byte is allocated: a 100-byte body claiming 4 GiB is
/// refused, not allocated.
public enum SnappyBlock {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The block is not valid Snappy (garbage, truncated, or an impossible length prefix).
        case corrupt
        /// The block declares more uncompressed bytes than the body limit allows.
        case tooLarge(declared: Int, limit: Int)

        public var description: String {
            switch self {
            case .corrupt:
                return "body is not a valid snappy block (remote_write needs Content-Encoding: snappy, block format)"
            case .tooLarge(let declared, let limit):
                return "snappy block declares \(declared) uncompressed bytes, over the body limit of \(limit); send smaller batches"
            }
        }
    }

    /// The uncompressed size the block declares, without decompressing it.
    public static func declaredLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var length = 0
        let status = snappy_uncompressed_length(base.assumingMemoryBound(to: CChar.self), bytes.count, &length)
        return status == SNAPPY_OK ? length : nil
    }

    /// Decompresses `bytes`, refusing before allocation when the declared length passes `limit`.
    public static func uncompress(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(Failure) -> [UInt8] {
        guard let base = bytes.baseAddress, let declared = declaredLength(bytes) else { throw .corrupt }
        guard declared <= limit else { throw .tooLarge(declared: declared, limit: limit) }
        let source = base.assumingMemoryBound(to: CChar.self)
        // Validation walks the block without writing, so a lying body fails before the buffer exists.
        guard snappy_validate_compressed_buffer(source, bytes.count) == SNAPPY_OK else { throw .corrupt }
        var written = declared
        var failed = false
        let output = [UInt8](unsafeUninitializedCapacity: declared) { buffer, count in
            let status = buffer.baseAddress.map { out in
                out.withMemoryRebound(to: CChar.self, capacity: declared) { snappy_uncompress(source, bytes.count, $0, &written) }
            }
            failed = status != SNAPPY_OK || written != declared
            count = failed ? 0 : written
        }
        if failed && declared > 0 { throw .corrupt }
        return output
    }
}
