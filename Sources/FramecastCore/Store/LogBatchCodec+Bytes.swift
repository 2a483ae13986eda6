/// Writes into memory the caller sized with an upper bound; no bounds checks.
struct ByteWriter {
    static let maxVarintSize = 10
    let base: UnsafeMutablePointer<UInt8>
    private(set) var offset = 0

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        base[offset] = value
        offset += 1
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            base[offset] = UInt8(truncatingIfNeeded: v) | 0x80
            offset += 1
            v >>= 7
        }
        base[offset] = UInt8(v)
        offset += 1
    }

    @inline(__always)
    mutating func u64(_ value: UInt64) {
        UnsafeMutableRawPointer(base + offset).storeBytes(of: value.littleEndian, as: UInt64.self)
        offset += 8
    }

    @inline(__always)
    mutating func u32(_ value: UInt32) {
        UnsafeMutableRawPointer(base + offset).storeBytes(of: value.littleEndian, as: UInt32.self)
        offset += 4
    }

    mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            if let source = utf8.baseAddress { (base + offset).update(from: source, count: utf8.count) }
            offset += utf8.count
        }
    }
}

/// Reads a byte range, throwing `LogBatchCodec.DecodeError` instead of reading past its end.
struct ByteReader {
    let base: UnsafeRawPointer
    let end: Int
    private(set) var offset: Int

    init(_ base: UnsafeRawPointer, offset: Int, end: Int) {
        self.base = base
        self.offset = offset
        self.end = end
    }

    var remaining: Int { end - offset }

    @inline(__always)
    mutating func byte() throws(LogBatchCodec.DecodeError) -> UInt8 {
        guard offset < end else { throw .truncated(at: offset) }
        let value = base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        return value
    }

    @inline(__always)
    mutating func varint() throws(LogBatchCodec.DecodeError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw .truncated(at: offset) }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            // The tenth byte may only carry the top bit of a 64-bit value.
            if shift == 63 && byte > 1 { throw .malformedVarint(at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// A varint count of items that each need at least `minimumSize` of the remaining bytes.
    mutating func count(_ field: LogBatchCodec.DecodeError.Field, minimumSize: Int) throws(LogBatchCodec.DecodeError) -> Int {
        let at = offset
        let value = try varint()
        guard value <= UInt64(remaining / max(minimumSize, 1)) else {
            throw .implausibleCount(field, value, at: at)
        }
        return Int(value)
    }

    @inline(__always)
    mutating func u64() throws(LogBatchCodec.DecodeError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated(at: offset) }
        let value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return value
    }

    mutating func string(_ field: LogBatchCodec.DecodeError.Field) throws(LogBatchCodec.DecodeError) -> String {
        let length = try count(field, minimumSize: 1)
        let start = offset
        let bytes = UnsafeRawBufferPointer(start: base + start, count: length)
        offset += length
        let text = String(decoding: bytes, as: UTF8.self)
        // String(decoding:) repairs invalid UTF-8; a repaired string no longer matches its bytes.
        guard text.utf8.elementsEqual(bytes) else { throw .invalidUTF8(at: start) }
        return text
    }
}
