extension LogBatchCodec {
    /// Why bytes are not a valid encoded batch. Offsets are from the start of the encoding.
    public enum DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
        case tooShort(Int)
        case badMagic
        case unsupportedVersion(UInt8)
        case unknownFlags(UInt8)
        /// The trailer does not match the bytes: torn write or corruption.
        case checksumMismatch(stored: UInt32, computed: UInt32)
        case truncated(at: Int)
        case malformedVarint(at: Int)
        /// A count larger than the remaining bytes could hold.
        case implausibleCount(Field, UInt64, at: Int)
        case invalidUTF8(at: Int)
        case seriesIndexOutOfRange(index: UInt64, keyCount: Int, point: Int)
        /// Bytes left between the last value and the checksum.
        case trailingBytes(Int)
        /// A recorded lateness window below zero: no writer produces one.
        case negativeLateness(Int64, at: Int)
        /// A deletion entry that carries points: no writer produces one.
        case deletionWithPoints(Int)

        /// The field a count or string belongs to.
        public enum Field: String, Sendable {
            case keyCount, pointCount, idempotencyKey, seriesName, tagCount, tagKey, tagValue
        }

        public var description: String {
            switch self {
            case .tooShort(let count): return "encoded batch is \(count) bytes, shorter than any valid one"
            case .badMagic: return "not an encoded batch (bad magic)"
            case .unsupportedVersion(let version): return "encoded batch version \(version) is not supported"
            case .unknownFlags(let flags): return "encoded batch has unknown flags 0x\(String(flags, radix: 16))"
            case .checksumMismatch(let stored, let computed):
                return "checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
            case .truncated(let at): return "encoded batch ends early at byte \(at)"
            case .malformedVarint(let at): return "malformed varint at byte \(at)"
            case .implausibleCount(let field, let count, let at):
                return "\(field.rawValue) \(count) at byte \(at) exceeds the remaining bytes"
            case .invalidUTF8(let at): return "string at byte \(at) is not valid UTF-8"
            case .seriesIndexOutOfRange(let index, let keyCount, let point):
                return "point \(point) names series \(index) of \(keyCount)"
            case .trailingBytes(let count): return "\(count) unexpected bytes before the checksum"
            case .negativeLateness(let window, let at): return "lateness \(window) ms at byte \(at) is negative"
            case .deletionWithPoints(let count): return "deletion entry carries \(count) points"
            }
        }
    }
}
