extension Aggregator {
    /// The id of the series with this key, if it exists.
    public func id(of key: SeriesKey) -> SeriesID? {
        var canonical = key.canonical
        return canonical.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return nil }
            return interner.lookup(start, bytes.count).map { SeriesID($0) }
        }
    }

    /// An empty batch for parsers to fill, seeded with the known series (see `ParsedBatch(seed:)`).
    public func makeBatch() -> ParsedBatch { ParsedBatch(seed: interner) }

    /// Series whose key the glob matches (name pattern plus optional `;tag=value` filters), in
    /// canonical key order (see `seriesIDs(where:)`). Cost: one match per series.
    public func seriesIDs(matching glob: Glob) -> [SeriesID] {
        seriesIDs { glob.matches($0) }
    }

    /// Series whose key satisfies `predicate`, in canonical key order (`SeriesKey.<`: the
    /// canonical `name;tag=value…` text, tags sorted), not in the order they arrived: charts draw
    /// and colour series in this order, so two stores holding the same data draw the same frame and
    /// a series keeps its colour when another arrives first. Cost: one canonical form per match
    /// plus a sort of the matches.
    public func seriesIDs(where predicate: (SeriesKey) -> Bool) -> [SeriesID] {
        let matched = interner.keys.indices.filter { predicate(interner.keys[$0]) }
        // Each canonical form built once, not once per comparison.
        return matched.map { (interner.keys[$0].canonical, $0) }.sorted { $0.0 < $1.0 }.map { SeriesID(Int32($0.1)) }
    }

    /// The id of `key`, creating the series (with the policy the rules give it) when new and
    /// under the series limit; nil when the limit refuses it.
    mutating func resolveSeries(_ key: SeriesKey, created: inout Int) -> SeriesID? {
        if let id = id(of: key) { return id }
        guard seriesCount < config.maxSeries else { return nil }
        created += 1
        return createSeries(key, policy: rules.policy(for: key))
    }

    /// Appends a new, empty series.
    @discardableResult
    mutating func createSeries(_ key: SeriesKey, policy: RetentionPolicy) -> SeriesID {
        let raw = interner.intern(key)
        precondition(Int(raw) == newest.count, "series key interned twice")
        var index = policies.firstIndex(of: policy)
        if index == nil {
            precondition(policies.count < Int(UInt16.max), "too many distinct retention policies")
            policies.append(policy)
            index = policies.count - 1
        }
        policyOf.append(UInt16(index!))
        newest.append(-1)
        versions.append(0)
        tierBase.append(Int32(rings.count))
        tierCount.append(UInt8(policy.tiers.count))
        for tier in policy.tiers { rings.append(TierRing(tier: tier)) }
        return SeriesID(raw)
    }
}
