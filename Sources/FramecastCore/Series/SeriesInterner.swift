/// Maps canonical series-name bytes to small dense ids without building a String per line.
///
/// Written by hand: parsing millions of lines per second leaves ~100 ns per line, and a
/// `Dictionary<String, Int>` lookup needs a String allocation per line. This is an
/// open-addressing table over one byte arena; a String is made only when a new series appears.
public struct SeriesInterner: Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private var entryIDs: [Int32] = []  // an entry is one spelling; several may share an id
    private var slots: [Int32]  // entry + 1; 0 marks an empty slot
    private var mask: Int
    public private(set) var keys: [SeriesKey] = []
    /// Identifies this interner's history: copies share it, and since ids are only ever
    /// appended, a copy's ids stay valid in the original (see `ParsedBatch(seed:)`).
    public let lineage: UInt64 = UInt64.random(in: 1...UInt64.max)

    public init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { keys.count }
    /// Spellings held: one per series plus aliases (raw spellings of known series).
    public var entryCount: Int { entryIDs.count }

    /// 64-bit hash of a byte run, eight bytes at a time.

    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var i = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(start[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// The id of the series whose canonical bytes these are, if it was seen before.

    public func lookup(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
        lookup(start, count, hash: Self.hash(start, count))
    }

    func lookup(_ start: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = slots[slot]
            if occupant == 0 { return nil }
            let entry = Int(occupant - 1)
            if hashes[entry] == hash, Int(lengths[entry]) == count, equalBytes(entry, start, count) {
                return entryIDs[entry]
            }
            slot = (slot + 1) & mask
        }
    }

    private func equalBytes(_ entry: Int, _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        arena.withUnsafeBufferPointer { buffer in
            memcmpEqual(buffer.baseAddress! + offsets[entry], start, count)
        }
    }

    /// Returns the id for these canonical bytes, adding the series when new. `makeKey` builds the
    /// key (and may reject the name) only on first sight.

    public mutating func intern(_ start: UnsafePointer<UInt8>, _ count: Int, makeKey: () -> SeriesKey?) -> Int32? {
        let h = Self.hash(start, count)
        if let id = lookup(start, count, hash: h) { return id }
        guard let key = makeKey() else { return nil }
        let id = Int32(keys.count)
        keys.append(key)
        insert(start, count, hash: h, id: id)
        return id
    }

    /// Makes these bytes another spelling of an existing series id (tags in another order).
    public mutating func alias(_ start: UnsafePointer<UInt8>, _ count: Int, to id: Int32) {
        let h = Self.hash(start, count)
        if lookup(start, count, hash: h) == nil { insert(start, count, hash: h, id: id) }
    }

    mutating func insert(_ start: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, id: Int32) {
        offsets.append(arena.count)
        arena.append(contentsOf: UnsafeBufferPointer(start: start, count: count))
        lengths.append(Int32(count))
        hashes.append(hash)
        entryIDs.append(id)
        if entryIDs.count * 2 > slots.count { grow() } else { place(entryIDs.count - 1) }
    }

    private mutating func place(_ entry: Int) {
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for entry in entryIDs.indices { place(entry) }
    }

    /// Interns a key given as a value (slow path for callers that already hold a SeriesKey).
    public mutating func intern(_ key: SeriesKey) -> Int32 {
        var text = key.canonical
        return text.withUTF8 { buffer in
            intern(buffer.baseAddress!, buffer.count) { key }!
        }
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    while i + 8 <= count {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
