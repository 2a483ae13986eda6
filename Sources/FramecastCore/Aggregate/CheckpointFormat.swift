/// Byte-level pieces of the aggregator checkpoint format.
///
/// Layout (version 1), all integers LEB128 varints unless noted, signed ones zigzag-encoded:
/// ```
/// "FCAG"  u16 LE version
/// generation
/// policies: count, then per policy: tier count, (precision ms, retention ms) per tier
/// series:   count, then per series: key (length + UTF-8 canonical form), policy index,
///           newest (signed, −1 = none), version, then per tier: head (signed, −1 = empty) and,
///           when head ≥ 0, the non-empty buckets: count, then per bucket (ascending): index
///           (first as head − index, then the gap to the previous index), point count, first
///           offset, last offset, sum, min, max, first, last (f64 LE bit patterns)
/// idempotency window: count, then per key (oldest first): key, accepted, reason count,
///           rejections per reason, tier skips, new series, generation
/// u64 LE checksum of every byte before it
/// ```
enum CheckpointFormat {
    static let magic: [UInt8] = Array("FCAG".utf8)
    static let version: UInt16 = 1
    static let headerSize = 6
    static let checksumSize = 8

    /// 64-bit checksum, eight bytes at a time. Part of the format: never change it without
    /// bumping `version`.
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}

/// Appends checkpoint fields to a byte array.
struct CheckpointWriter {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    mutating func fixed16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func double(_ value: Double) { fixed64(value.bitPattern) }

    mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends the checksum of everything written so far and returns the bytes.
    mutating func finish() -> [UInt8] {
        let sum = bytes.withUnsafeBufferPointer { CheckpointFormat.checksum($0) }
        fixed64(sum)
        return bytes
    }
}
