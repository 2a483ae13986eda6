extension LogBatchCodec {
    /// Decodes and validates one encoded batch.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> LogBatch {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> LogBatch in try decode(raw) }
        }
        return try result.get()
    }

    /// Decodes and validates one encoded batch.
    public static func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> LogBatch {
        guard raw.count >= headerSize + 2 + trailerSize, let base = raw.baseAddress else {
            throw .tooShort(raw.count)
        }
        let bodyEnd = raw.count - trailerSize
        let stored = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: bodyEnd, as: UInt32.self))
        let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<bodyEnd]))
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        guard raw.prefix(4).elementsEqual(magic) else { throw .badMagic }
        guard raw[4] == version else { throw .unsupportedVersion(raw[4]) }
        let flags = raw[5]
        guard flags & ~knownFlags == 0 else { throw .unknownFlags(flags) }

        var input = ByteReader(base, offset: headerSize, end: bodyEnd)
        let keyCount = try input.count(.keyCount, minimumSize: 2)
        let pointCount = try input.count(.pointCount, minimumSize: minimumPointSize)
        var idempotencyKey: String?
        if flags & flagIdempotencyKey != 0 { idempotencyKey = try input.string(.idempotencyKey) }
        var lateness: Int64?
        if flags & flagLateness != 0 {
            let at = input.offset
            let window = unzigzag(try input.varint())
            guard window >= 0 else { throw .negativeLateness(window, at: at) }
            lateness = window
        }

        var keys: [SeriesKey] = []
        keys.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            let name = try input.string(.seriesName)
            let tagCount = try input.count(.tagCount, minimumSize: 2)
            var tags: [SeriesKey.Tag] = []
            tags.reserveCapacity(tagCount)
            for _ in 0..<tagCount {
                let key = try input.string(.tagKey)
                let value = try input.string(.tagValue)
                tags.append(SeriesKey.Tag(key, value))
            }
            keys.append(SeriesKey(name: name, tags: tags))
        }

        // pointCount was bounded by the remaining bytes, so these allocations are bounded too.
        var series = [Int32](repeating: 0, count: pointCount)
        for i in 0..<pointCount {
            let id = try input.varint()
            guard id < UInt64(keyCount) else {
                throw .seriesIndexOutOfRange(index: id, keyCount: keyCount, point: i)
            }
            series[i] = Int32(id)
        }
        var times = [EpochMillis](repeating: 0, count: pointCount)
        var previous: Int64 = 0
        for i in 0..<pointCount {
            previous = previous &+ unzigzag(try input.varint())
            times[i] = previous
        }
        var values = [Double](repeating: 0, count: pointCount)
        for i in 0..<pointCount { values[i] = Double(bitPattern: try input.u64()) }
        guard input.remaining == 0 else { throw .trailingBytes(input.remaining) }
        if flags & flagDeletes != 0 {
            guard pointCount == 0 else { throw .deletionWithPoints(pointCount) }
            var deletion = LogBatch(deleting: keys)
            deletion.idempotencyKey = idempotencyKey
            deletion.lateness = lateness
            return deletion
        }
        return LogBatch(
            keys: keys, series: series, times: times, values: values, idempotencyKey: idempotencyKey,
            lateness: lateness)
    }
}
