import FramecastCore
import FramecastGraphite

/// A store of Carbon plaintext lines (`path value timestamp`), at `policy` for every series.
func graphiteStore(_ lines: [String], policy: String = "10s:1d", now: Int64 = testNow) -> GraphiteStore {
    var aggregator = Aggregator(policy: try! RetentionPolicy(policy))
    var batch = aggregator.makeBatch()
    var text = lines.joined(separator: "\n") + "\n"
    text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
    _ = aggregator.apply(batch, now: now * 1000)
    return GraphiteStore(snapshot: aggregator)
}

/// Epoch seconds the tests run at (aligned to 10 s).
let testNow: Int64 = 1_700_000_000

/// `n` values of `path` every 10 s, ending at `testNow − 10`, value `f(i)`.
func carbonLines(_ path: String, count n: Int = 30, _ f: (Int) -> Double?) -> [String] {
    (0..<n).compactMap { i in
        f(i).map { "\(path) \($0) \(testNow - Int64(n - i) * 10)" }
    }
}

/// Evaluates targets over the last `seconds` with the store above.
func evaluate(_ targets: [String], store: GraphiteStore, seconds: Int64 = 300, deferReads: Bool = false) throws -> [GraphiteSeries] {
    let evaluator = GraphiteEvaluator(store: store, deferReads: deferReads)
    return try evaluator.evaluate(targets, window: GraphiteWindow(from: testNow - seconds, until: testNow, now: testNow))
}

/// The JSON answer as text.
func json(_ series: [GraphiteSeries], store: GraphiteStore, maxDataPoints: Int? = nil) -> String {
    String(
        decoding: GraphiteOutput.bytes(GraphiteOutput.prepare(series, store: store, maxDataPoints: maxDataPoints), format: .json),
        as: UTF8.self)
}

extension Array where Element == Double {
    /// NaN-aware equality for expectations.
    func same(_ other: [Double?]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { a, b in b.map { a == $0 } ?? a.isNaN }
    }
}
