import FramecastCore
import FramecastStore
import Testing

@Suite("LogBatchCodec")
struct LogBatchCodecTests {
    @Test("CRC-32C matches the published check values")
    func crcCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum([]) == 0)
        // Incremental over any split equals one pass.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let head = CRC32C.checksum(Array(bytes[..<split]))
            let whole = Array(bytes[split...]).withUnsafeBytes { CRC32C.update(head, $0) }
            #expect(whole == CRC32C.checksum(bytes))
        }
    }

    @Test("round-trips batches, keys, tags, extreme times and values", arguments: [0, 1, 2, 3, 42, 1 << 40])
    func roundTrip(seed: UInt64) throws {
        let batch = sampleBatch(seed)
        let encoded = LogBatchCodec.encode(batch)
        #expect(encoded.checksum == CRC32C.checksum(encoded.bytes))
        #expect(try LogBatchCodec.decode(encoded.bytes) == batch)
    }

    @Test("round-trips edge cases")
    func edgeCases() throws {
        let keys = [SeriesKey(name: "a"), SeriesKey(name: "ü;x", tags: [.init("k", "v=1"), .init("", "")])]
        let batch = LogBatch(
            keys: keys, series: [1, 0, 1, 1],
            times: [Int64.max, Int64.min, 0, -1],
            values: [-0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -1.5],
            idempotencyKey: "retry-✓")
        let decoded = try LogBatchCodec.decode(LogBatchCodec.encode(batch).bytes)
        #expect(decoded == batch)
        #expect(decoded.values[0].sign == .minus)
        let empty = LogBatch(keys: [], series: [], times: [], values: [])
        #expect(try LogBatchCodec.decode(LogBatchCodec.encode(empty).bytes) == empty)
        // NaN keeps its bit pattern even though NaN != NaN.
        let nan = LogBatch(keys: [SeriesKey(name: "n")], series: [0], times: [1], values: [.nan])
        #expect(try LogBatchCodec.decode(LogBatchCodec.encode(nan).bytes).values[0].bitPattern == Double.nan.bitPattern)
    }

    @Test("records the lateness window a batch was judged with", arguments: [nil, 0, 1, 86_400_000, Int64.max] as [Int64?])
    func latenessRoundTrip(lateness: Int64?) throws {
        var batch = sampleBatch(5)
        batch.lateness = lateness
        batch.idempotencyKey = lateness == 1 ? "with-key" : nil
        let decoded = try LogBatchCodec.decode(LogBatchCodec.encode(batch).bytes)
        #expect(decoded == batch)
        #expect(decoded.lateness == lateness)
    }

    @Test("encodes a parsed batch without its unused series")
    func fromParsedBatch() throws {
        var parsed = ParsedBatch()
        _ = parsed.interner.intern(SeriesKey(name: "unused"))
        let used = parsed.interner.intern(SeriesKey(name: "cpu", tags: [.init("host", "a")]))
        parsed.series = [used, used]
        parsed.times = [1000, 2000]
        parsed.values = [1, 2]
        let decoded = try LogBatchCodec.decode(LogBatchCodec.encode(parsed, idempotencyKey: "k").bytes)
        #expect(decoded.keys == [SeriesKey(name: "cpu", tags: [.init("host", "a")])])
        #expect(decoded.series == [0, 0])
        #expect(decoded.times == [1000, 2000])
        #expect(decoded.values == [1, 2])
        #expect(decoded.idempotencyKey == "k")
    }

    @Test("5,000 sorted points take about 11 bytes each")
    func compactness() {
        let keys = (0..<8).map { SeriesKey(name: "cpu.\($0)", tags: [.init("host", "web-1")]) }
        let n = 5000
        let batch = LogBatch(
            keys: keys, series: (0..<n).map { Int32($0 % 8) },
            times: (0..<n).map { 1_700_000_000_000 + Int64($0 / 8) * 1000 },
            values: (0..<n).map { Double($0) * 0.5 })
        let size = LogBatchCodec.encode(batch).count
        #expect(size < n * 12)
    }

    @Test("every flipped bit is detected")
    func flippedBits() {
        let bytes = LogBatchCodec.encode(sampleBatch(7)).bytes
        for index in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            for bit in [0, 3, 7] {
                var damaged = bytes
                damaged[index] ^= UInt8(1 << bit)
                #expect(throws: LogBatchCodec.DecodeError.self) { try LogBatchCodec.decode(damaged) }
            }
        }
    }

    @Test("every truncation is detected")
    func truncations() {
        let bytes = LogBatchCodec.encode(sampleBatch(8)).bytes
        for length in 0..<bytes.count {
            #expect(throws: LogBatchCodec.DecodeError.self) { try LogBatchCodec.decode(Array(bytes[..<length])) }
        }
    }

    @Test("structural errors behind a valid checksum are typed, never traps")
    func hostileInput() throws {
        /// Re-signs a body so only the structure checks can object.
        func signed(_ body: [UInt8]) -> [UInt8] {
            let crc = CRC32C.checksum(body)
            return body + withUnsafeBytes(of: crc.littleEndian) { Array($0) }
        }
        let header = LogBatchCodec.magic + [LogBatchCodec.version]
        #expect(throws: LogBatchCodec.DecodeError.badMagic) { try LogBatchCodec.decode(signed(Array("XXXX".utf8) + [1, 0, 0, 0])) }
        #expect(throws: LogBatchCodec.DecodeError.unsupportedVersion(9)) {
            try LogBatchCodec.decode(signed(LogBatchCodec.magic + [9, 0, 0, 0]))
        }
        #expect(throws: LogBatchCodec.DecodeError.unknownFlags(8)) { try LogBatchCodec.decode(signed(header + [8, 0, 0])) }
        // A deletion entry (flag 4) never carries points.
        #expect(throws: LogBatchCodec.DecodeError.deletionWithPoints(1)) {
            try LogBatchCodec.decode(signed(header + [4, 1, 1, 1, 0x61, 0, 0, 0] + [UInt8](repeating: 0, count: 8)))
        }
        // Lateness -1 (zigzag 1): no writer records a negative window.
        #expect(throws: LogBatchCodec.DecodeError.negativeLateness(-1, at: 8)) {
            try LogBatchCodec.decode(signed(header + [2, 0, 0, 1]))
        }
        // A billion points claimed in a few bytes.
        #expect(throws: LogBatchCodec.DecodeError.implausibleCount(.pointCount, 1_000_000_000, at: 7)) {
            try LogBatchCodec.decode(signed(header + [0, 0, 0x80, 0x94, 0xEB, 0xDC, 0x03]))
        }
        // One key "a", one point naming series 5.
        #expect(throws: LogBatchCodec.DecodeError.seriesIndexOutOfRange(index: 5, keyCount: 1, point: 0)) {
            try LogBatchCodec.decode(signed(header + [0, 1, 1, 1, 0x61, 0, 5, 0] + [UInt8](repeating: 0, count: 8)))
        }
        // Invalid UTF-8 in a series name.
        #expect(throws: LogBatchCodec.DecodeError.invalidUTF8(at: 9)) {
            try LogBatchCodec.decode(signed(header + [0, 1, 0, 1, 0xFF, 0]))
        }
        #expect(throws: LogBatchCodec.DecodeError.trailingBytes(1)) { try LogBatchCodec.decode(signed(header + [0, 0, 0, 0])) }
        #expect(throws: LogBatchCodec.DecodeError.malformedVarint(at: 6)) {
            try LogBatchCodec.decode(signed(header + [0] + [UInt8](repeating: 0xFF, count: 9) + [0x02]))
        }
        // Random bytes, signed or not.
        var random = SplitMix64(seed: 99)
        for _ in 0..<2000 {
            let body = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = try? LogBatchCodec.decode(signed(header + body))
            _ = try? LogBatchCodec.decode(body)
        }
    }
}
