import Foundation
import FramecastCore
import Synchronization

/// The second pass of `export --input`: reduces every matched series in one read of the files
/// (chunk by chunk, `M4Accumulator`), so memory holds the columns, never the points. Shared by
/// the series' `StreamedSeries` sources; a reduction is kept for the series that ask next.
final class StreamedInputs: Sendable {
    let paths: [String]
    let reading: InputReading
    /// Points of each matched series inside the chart's range (for the step sample).
    let windowCounts: [SeriesKey: Int]
    /// The kept reduction and the first error; a pass runs under the mutex, so the series
    /// asking at once wait for one pass instead of each starting its own.
    private struct State {
        var kept: (request: Request, series: [SeriesKey: M4Series])?
        var error: (any Error)?
    }
    private let state = Mutex(State())

    struct Request: Equatable {
        let from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool
    }

    init(paths: [String], reading: InputReading, windowCounts: [SeriesKey: Int]) {
        self.paths = paths
        self.reading = reading
        self.windowCounts = windowCounts
    }

    /// The first error a pass met (a file that changed or vanished since the scan), if any.
    var failure: (any Error)? { state.withLock { $0.error } }

    func reduce(_ key: SeriesKey, _ request: Request) -> M4Series {
        state.withLock { state in
            if state.kept?.request != request {
                let (series, error) = pass(request)
                state.kept = (request, series)
                if state.error == nil { state.error = error }
            }
            return state.kept!.series[key]
                ?? M4Series(
                    from: request.from, until: request.until,
                    columns: Array(repeating: .empty, count: request.width), step: 0)
        }
    }

    private func pass(_ request: Request) -> (series: [SeriesKey: M4Series], error: (any Error)?) {
        var accumulators = windowCounts.mapValues {
            M4Accumulator(
                from: request.from, until: request.until, width: request.width, extremeTimes: request.extremeTimes,
                windowCount: $0)
        }
        var latest: [SeriesKey: EpochMillis] = [:]
        do {
            for path in paths {
                try reading.forEachBatch(path) { batch, _ in
                    for series in batch.seriesData() where accumulators[series.key] != nil {
                        // The scan found these points in time order; a file that changed since must not trap.
                        guard series.times.first! >= latest[series.key, default: .min] else {
                            throw CLIError("'\(path)' changed while it was read: its points are no longer in time order")
                        }
                        latest[series.key] = series.times.last!
                        series.times.withUnsafeBufferPointer { times in
                            series.values.withUnsafeBufferPointer { accumulators[series.key]!.add(times: times, values: $0) }
                        }
                    }
                }
            }
        } catch {
            return (accumulators.mapValues(\.series), error)
        }
        return (accumulators.mapValues(\.series), nil)
    }
}

/// One series of the input files as a chart source, reduced by `StreamedInputs`. Its summary
/// comes from the scan, so a chart needs one reduction pass when its range selects the points
/// the scan summarised.
struct StreamedSeries: ChartSource {
    let key: SeriesKey
    let inputs: StreamedInputs
    let scanned: InputScan.Series
    let lower: EpochMillis?
    let upper: EpochMillis?

    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        reduce(from: from, until: until, width: width, extremeTimes: false)
    }

    func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series {
        inputs.reduce(key, .init(from: from, until: until, width: width, extremeTimes: extremeTimes))
    }

    func plan(from: EpochMillis, until: EpochMillis, sizingWidth: Int) -> ReductionPlan {
        // [from, until) holds exactly the scanned points when each end is the scan's bound or,
        // with no bound given, lies beyond the series' points.
        let coversLower = lower.map { $0 == from } ?? (from <= scanned.first)
        let coversUpper = upper.map { $0 == until } ?? (until > scanned.last)
        let sizing: @Sendable () -> M4Series = { reduce(from: from, until: until, width: sizingWidth) }
        return ReductionPlan(
            summary: coversLower && coversUpper ? scanned.summary : SeriesSummary(sizing()), sizing: sizing,
            columns: { reduce(from: from, until: until, width: $0, extremeTimes: $1) })
    }
}
