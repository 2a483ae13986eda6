import CSnappy

/// Snappy block compression for tests that build remote_write bodies (the product only decompresses).
public enum SnappyTestCodec {
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var out = [CChar](repeating: 0, count: snappy_max_compressed_length(input.count))
        var count = out.count
        input.withUnsafeBufferPointer { source in
            source.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(source.count, 1)) {
                _ = snappy_compress($0, source.count, &out, &count)
            }
        }
        return out[0..<count].map { UInt8(bitPattern: $0) }
    }
}
