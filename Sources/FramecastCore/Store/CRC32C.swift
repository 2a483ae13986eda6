/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI, ext4 and
/// LevelDB, computed in pure Swift eight bytes at a time ("slicing-by-8").
///
/// Used to detect torn or corrupted log entries; it is not a cryptographic hash.
/// `CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283`.
public enum CRC32C {
    /// Eight 256-entry tables, concatenated: `table[k * 256 + i]`.
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[i] = crc
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = table[(k - 1) * 256 + i]
                table[k * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, bytes)
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Extends `crc` (the CRC-32C of some earlier bytes, or 0 for none) over `bytes`, so that
    /// `update(checksum(a), b) == checksum(a + b)`.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return table.withUnsafeBufferPointer { t in
            var c = ~crc
            var offset = 0
            let count = bytes.count
            while offset + 8 <= count {
                let word =
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    ^ UInt64(c)
                c =
                    t[7 * 256 + Int(word & 0xFF)]
                    ^ t[6 * 256 + Int((word >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((word >> 16) & 0xFF)]
                    ^ t[4 * 256 + Int((word >> 24) & 0xFF)]
                    ^ t[3 * 256 + Int((word >> 32) & 0xFF)]
                    ^ t[2 * 256 + Int((word >> 40) & 0xFF)]
                    ^ t[1 * 256 + Int((word >> 48) & 0xFF)]
                    ^ t[Int(word >> 56)]
                offset += 8
            }
            while offset < count {
                let byte = base.load(fromByteOffset: offset, as: UInt8.self)
                c = (c >> 8) ^ t[Int((c ^ UInt32(byte)) & 0xFF)]
                offset += 1
            }
            return ~c
        }
    }
}
