/// Reads checkpoint fields, throwing `CheckpointError` instead of trapping on bad data.
struct CheckpointReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    /// End of the fields (the checksum follows).
    let end: Int

    /// Checks size, magic, version and checksum; positions the reader after the header.
    init(_ bytes: [UInt8]) throws(CheckpointError) {
        let minimum = CheckpointFormat.headerSize + CheckpointFormat.checksumSize
        guard bytes.count >= minimum else { throw .tooShort(bytes.count) }
        guard Array(bytes[0..<4]) == CheckpointFormat.magic else { throw .notACheckpoint }
        let version = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        guard version == CheckpointFormat.version else { throw .unsupportedVersion(version) }
        let fieldsEnd = bytes.count - CheckpointFormat.checksumSize
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(bytes[fieldsEnd + i]) << UInt64(8 * i) }
        let computed = bytes.withUnsafeBufferPointer {
            CheckpointFormat.checksum(UnsafeBufferPointer(rebasing: $0[..<fieldsEnd]))
        }
        guard stored == computed else { throw .checksumMismatch }
        self.bytes = bytes
        end = fieldsEnd
        position = CheckpointFormat.headerSize
    }

    var isAtEnd: Bool { position == end }

    mutating func byte() throws(CheckpointError) -> UInt8 {
        guard position < end else { throw .truncated(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(CheckpointError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift < 63 || b <= 1 else { throw .invalid("varint overflows 64 bits at byte \(position - 1)") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    /// A varint that must be at most `limit` (counts, indices, offsets).
    mutating func int(max limit: Int, _ what: String) throws(CheckpointError) -> Int {
        let value = try varint()
        // A negative limit (e.g. a policy index when the checkpoint declared no policy) admits nothing.
        guard limit >= 0, value <= UInt64(limit) else { throw .invalid("\(what) is \(value); at most \(limit) is possible") }
        return Int(value)
    }

    /// A count of items that each take at least one byte: bounded by the bytes left.
    mutating func count(_ what: String) throws(CheckpointError) -> Int {
        try int(max: end - position, what)
    }

    mutating func signed() throws(CheckpointError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func double() throws(CheckpointError) -> Double {
        guard end - position >= 8 else { throw .truncated(offset: position) }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func string(_ what: String) throws(CheckpointError) -> String {
        let length = try count(what + " length")
        guard let text = String(validating: bytes[position..<position + length], as: UTF8.self) else {
            throw .invalid("\(what) at byte \(position) is not valid UTF-8")
        }
        position += length
        return text
    }
}
