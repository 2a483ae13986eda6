/// Binary encoding of one `LogBatch`: what the durable log stores per append.
///
/// Format, version 1 (integers little-endian; `varint` is unsigned LEB128, at most 10 bytes;
/// `string` is a varint byte count then UTF-8 bytes):
/// ```
/// magic      4 bytes  "FCLB"
/// version    u8       1
/// flags      u8       bit 0: an idempotency key follows; bit 1: a lateness window follows;
///                     bit 2: a deletion (the keys are series to remove, pointCount is 0);
///                     other bits must be 0
/// keyCount   varint
/// pointCount varint
/// [idempotency key: string]
/// [lateness: zigzag varint]                 ms the batch was judged with (replay uses it again)
/// keys       keyCount × { name: string, tagCount: varint, tagCount × { key: string, value: string } }
/// series     pointCount × varint            index into keys
/// times      pointCount × zigzag varint     first time, then the wrapping difference to the previous
/// values     pointCount × u64               IEEE-754 bit pattern
/// crc        u32      CRC-32C of every byte before it
/// ```
/// A 5,000-point batch of sorted millisecond times over a few series takes about 11 bytes a
/// point (8 of them the value). Decoding checks the checksum first, then every count and index,
/// and throws `LogBatchCodec.DecodeError`; it never traps on hostile input.
public enum LogBatchCodec {
    public static let magic: [UInt8] = Array("FCLB".utf8)
    public static let version: UInt8 = 1
    static let flagIdempotencyKey: UInt8 = 1
    static let flagLateness: UInt8 = 2
    static let flagDeletes: UInt8 = 4
    static let knownFlags = flagIdempotencyKey | flagLateness | flagDeletes
    /// magic + version + flags.
    static let headerSize = 6
    static let trailerSize = 4
    /// Smallest encoding a point can have: one-byte series index and time delta, 8-byte value.
    static let minimumPointSize = 10

    /// Encodes a parsed batch's accepted points (unused series are dropped).
    public static func encode(
        _ parsed: ParsedBatch, idempotencyKey: String? = nil, lateness: Int64? = nil
    ) -> EncodedBatch {
        encode(LogBatch(parsed, idempotencyKey: idempotencyKey, lateness: lateness))
    }

    /// Encodes `batch`. The columns must have equal lengths and every series index must name
    /// one of `batch.keys`: a batch that breaks this is a programming error and traps.
    public static func encode(_ batch: LogBatch) -> EncodedBatch {
        let n = batch.values.count
        precondition(batch.series.count == n && batch.times.count == n, "LogBatch columns differ in length")
        precondition(!batch.deletes || n == 0, "a deletion entry carries no points")
        var capacity = headerSize + 3 * ByteWriter.maxVarintSize + trailerSize + n * (5 + 10 + 8)
        if let key = batch.idempotencyKey { capacity += ByteWriter.maxVarintSize + key.utf8.count }
        for key in batch.keys {
            capacity += 2 * ByteWriter.maxVarintSize + key.name.utf8.count
            for tag in key.tags {
                capacity += 2 * ByteWriter.maxVarintSize + tag.key.utf8.count + tag.value.utf8.count
            }
        }
        var checksum: UInt32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var out = ByteWriter(buffer.baseAddress!)
            for byte in magic { out.byte(byte) }
            out.byte(version)
            out.byte(
                (batch.idempotencyKey == nil ? 0 : flagIdempotencyKey) | (batch.lateness == nil ? 0 : flagLateness)
                    | (batch.deletes ? flagDeletes : 0))
            out.varint(UInt64(batch.keys.count))
            out.varint(UInt64(n))
            if let key = batch.idempotencyKey { out.string(key) }
            if let lateness = batch.lateness { out.varint(zigzag(lateness)) }
            for key in batch.keys {
                out.string(key.name)
                out.varint(UInt64(key.tags.count))
                for tag in key.tags {
                    out.string(tag.key)
                    out.string(tag.value)
                }
            }
            let keyCount = batch.keys.count
            for id in batch.series {
                precondition(id >= 0 && Int(id) < keyCount, "LogBatch series index out of range")
                out.varint(UInt64(id))
            }
            var previous: Int64 = 0
            for time in batch.times {
                out.varint(zigzag(time &- previous))
                previous = time
            }
            for value in batch.values { out.u64(value.bitPattern) }
            let body = UnsafeRawBufferPointer(start: buffer.baseAddress, count: out.offset)
            let bodyCRC = CRC32C.checksum(body)
            out.u32(bodyCRC)
            precondition(out.offset <= capacity, "LogBatchCodec size bound is wrong")
            // Extend over the trailer: the checksum of the whole encoding, for the log.
            let trailer = UnsafeRawBufferPointer(
                start: buffer.baseAddress! + out.offset - trailerSize,
                count: trailerSize)
            checksum = CRC32C.update(bodyCRC, trailer)
            initialized = out.offset
        }
        return EncodedBatch(bytes: bytes, checksum: checksum)
    }

    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always)
    static func unzigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
