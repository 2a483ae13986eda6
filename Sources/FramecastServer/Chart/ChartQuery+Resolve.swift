import Foundation
import FramecastCore
import FramecastStore

/// Why a chart query cannot be drawn from the current data: 400 for `parameter`, 404 for `noSeries`.
public enum ChartQueryError: Error, Sendable, CustomStringConvertible {
    case parameter(ParameterError)
    case noSeries(patterns: [String], available: [String], total: Int)
    case tooManySeries(Int, limit: Int)
    /// The chart would read more buckets than `--render-budget` even from the coarsest tiers.
    case overBudget(cost: Int, budget: Int)

    public var description: String {
        switch self {
        case .parameter(let error): return error.description
        case .noSeries(let patterns, let available, let total):
            let list = available.prefix(10).joined(separator: ", ")
            return "no series matched '\(patterns.joined(separator: ","))'"
                + (available.isEmpty ? "; the store holds no series yet" : "; available: \(list)\(total > 10 ? ", …" : "")")
        case .tooManySeries(let count, let limit):
            return "parameter 'series': \(count) series matched; a chart draws at most \(limit): narrow the pattern"
        case .overBudget(let cost, let budget):
            return
                "this chart would read \(cost) buckets even from the coarsest tiers, over the render budget of \(budget) (--render-budget): shorten the range (from/until) or match fewer series"
        }
    }
}

extension ChartQueryError {
    /// No series matched `patterns`: the error lists the first series the store holds that the
    /// request may see (never a hidden one).
    static func noSeries(_ patterns: [String], in snapshot: Aggregator, visibility: SeriesVisibility) -> ChartQueryError {
        guard visibility.hidesAny else {
            return .noSeries(
                patterns: patterns, available: snapshot.allSeriesIDs.prefix(11).map { snapshot.key(of: $0).description },
                total: snapshot.seriesCount)
        }
        let visible = snapshot.seriesIDs { visibility.shows($0) }
        return .noSeries(
            patterns: patterns, available: visible.prefix(11).map { snapshot.key(of: $0).description }, total: visible.count)
    }
}

/// A chart query bound to a moment and to the data: what `FrameRenderer.render` needs, plus the
/// cache validators. `etag` changes exactly when the frame can change: another window, another
/// data version of a drawn series, or another look.
public struct ResolvedChart: Sendable {
    public let query: ChartQuery
    public let spec: ChartSpec
    public let sources: [StoredSeries]
    /// Data versions of the drawn series, in the order of `sources`.
    public let versions: [UInt64]
    /// Bucket width (ms) of the tier the chart reads; live windows move in these steps.
    public let quantum: Int64
    public let etag: String
    /// Seconds until the window moves to its next bucket boundary (at least 1).
    public let maxAgeSeconds: Int
}

extension ChartQuery {
    /// True when the window moves with the clock (`until` is `now` or relative to it).
    public var isLive: Bool {
        let text = until.trimmingCharacters(in: .whitespaces).lowercased()
        return text.hasPrefix("now") || text.hasPrefix("-") || text.hasPrefix("+")
    }

    /// The spec for the window resolved at `now`, unaligned (validation and tests).
    public func spec(now: EpochMillis) throws(ParameterError) -> ChartSpec {
        do throws(ChartParameterError) {
            return try tableSpec(now: now)
        } catch {
            throw ParameterError(error)
        }
    }

    /// The same, with the error as Core names it.
    func tableSpec(now: EpochMillis) throws(ChartParameterError) -> ChartSpec {
        let parser = parameters.timestampParser
        let start = try ChartParameters.time(from, .from, now: now, parser: parser)
        let end = try ChartParameters.time(until, .until, now: now, parser: parser)
        return try parameters.spec(from: start, until: end, now: now)
    }

    /// Resolves the window at `now` against the data in `snapshot`. A live window's end is
    /// aligned up to the next bucket boundary of the tier the chart reads, so frames change in
    /// whole buckets and an ETag holds until that boundary.
    ///
    /// `budget` bounds the buckets the render may read (`RenderLimits.maxBucketsPerRender`):
    /// series are moved to coarser tiers until it fits (`Aggregator.readPlan`), or the chart is
    /// refused with `.overBudget` before a worker is taken.
    public func resolve(snapshot: Aggregator, now: EpochMillis, budget: Int = .max) throws(ChartQueryError) -> ResolvedChart {
        let ids = matchingIDs(in: snapshot)
        guard !ids.isEmpty else {
            throw .noSeries(series.map(\.pattern), in: snapshot, visibility: visibility)
        }
        guard ids.count <= ChartSpec.maxSeries else { throw .tooManySeries(ids.count, limit: ChartSpec.maxSeries) }
        let parser = parameters.timestampParser
        var start: EpochMillis
        var end: EpochMillis
        do throws(ChartParameterError) {
            start = try ChartParameters.time(from, .from, now: now, parser: parser)
            end = try ChartParameters.time(until, .until, now: now, parser: parser)
        } catch {
            throw .parameter(ParameterError(error))
        }
        let columns = max(1, Int(Double(options.width) * options.scale))
        let quantum =
            ids.map { id in
                snapshot.tiers(of: id)[snapshot.tierIndex(for: id, from: start, until: max(end, start + 1), width: columns)].precision
            }.min() ?? 1000
        var maxAge = Int64(1000)
        if isLive, end > start {
            let span = end - start
            let aligned = ceilToMultiple(end, quantum)
            maxAge = max(1000, aligned - now)
            end = aligned
            start = end - span
        } else {
            maxAge = max(1000, quantum)
        }
        // Planned on the window as it will be drawn (aligned), whose tiers the reduction picks.
        guard let plan = snapshot.readPlan(ids, from: start, until: max(end, start + 1), width: columns, budget: budget) else {
            let coarsest = ids.map {
                snapshot.readCost($0, tier: snapshot.tiers(of: $0).count - 1, from: start, until: max(end, start + 1))
            }
            throw .overBudget(cost: coarsest.reduce(0, +), budget: budget)
        }
        do throws(ChartParameterError) {
            let spec = try parameters.spec(from: start, until: end, now: now)
            // A series keeps the tier its reduction picks by itself unless the budget moved it.
            let sources = ids.indices.map { i in
                StoredSeries(snapshot: snapshot, id: ids[i], tier: plan.coarsened.contains(i) ? plan.tiers[i] : nil)
            }
            let versions = ids.map { snapshot.version(of: $0) }
            var hash = StableHash()
            hash.combine(key)
            hash.combine(format.rawValue)
            hash.combine(start)
            hash.combine(end)
            for (id, version) in zip(ids, versions) {
                hash.combine(Int64(id.rawValue))
                hash.combine(Int64(bitPattern: version))
            }
            return ResolvedChart(
                query: self, spec: spec, sources: sources, versions: versions, quantum: quantum,
                etag: "\"fc-\(hash.hex)\"", maxAgeSeconds: Int((maxAge + 999) / 1000))
        } catch {
            throw .parameter(ParameterError(error))
        }
    }

    /// Visible series matching any of the patterns, each once, in canonical key order (so the
    /// frame and its colours depend on the data only, not on the order series arrived).
    public func matchingIDs(in snapshot: Aggregator) -> [SeriesID] {
        if series.count == 1 { return visibility.seriesIDs(snapshot, matching: series[0]) }
        return snapshot.seriesIDs { key in series.contains { $0.matches(key) } && visibility.shows(key) }
    }
}

/// The smallest multiple of `step` (> 0) at or after `value`, for negative values too.
func ceilToMultiple(_ value: Int64, _ step: Int64) -> Int64 {
    let remainder = value % step
    if remainder == 0 { return value }
    return remainder > 0 ? value - remainder + step : value - remainder
}
