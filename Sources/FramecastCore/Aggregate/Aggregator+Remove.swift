extension Aggregator {
    /// Removes the series with these keys (keys not held are ignored) and returns how many went.
    ///
    /// The state is rebuilt without them, in one pass over the series (O(state); deletions are
    /// rare and an operator's act, while the ingest path stays free of tombstone checks). The
    /// remaining series keep their keys, data, versions and relative order; their ids change
    /// (ids are dense), and the interner is new, so a batch seeded before the removal is
    /// resolved by key rather than by its stale ids. The generation moves by one.
    public mutating func remove(_ keys: [SeriesKey]) -> Int {
        var doomed = Set<Int>()
        for key in keys {
            if let id = id(of: key) { doomed.insert(id.index) }
        }
        guard !doomed.isEmpty else { return 0 }
        var rebuilt = Aggregator(rules: rules, config: config)
        rebuilt.generation = generation + 1
        rebuilt.idempotency = idempotency
        for index in 0..<seriesCount where !doomed.contains(index) {
            let id = SeriesID(Int32(index))
            let copy = rebuilt.createSeries(key(of: id), policy: policy(of: id))
            rebuilt.newest[copy.index] = newest[index]
            rebuilt.versions[copy.index] = versions[index]
            for (from, to) in zip(ringRange(id), rebuilt.ringRange(copy)) { rebuilt.rings[to] = rings[from] }
        }
        self = rebuilt
        return doomed.count
    }

    /// Series whose every tier has expired at `now`: the newest point is older than the longest
    /// tier keeps, so no query can show anything of them. Series with no point are not listed.
    public func expiredSeries(now: EpochMillis) -> [SeriesKey] {
        var expired: [SeriesKey] = []
        for index in 0..<seriesCount where newest[index] >= 0 {
            let longest = policies[Int(policyOf[index])].tiers.map(\.retention).max() ?? 0
            let (limit, overflow) = now.subtractingReportingOverflow(longest)
            if !overflow, newest[index] < limit { expired.append(interner.keys[index]) }
        }
        return expired
    }
}
