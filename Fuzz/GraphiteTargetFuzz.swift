import Foundation
import FramecastCore

// libFuzzer target `graphitetarget`: Graphite target expressions through the parser, the
// evaluator (every function, over a small store), graphite-web's maxDataPoints consolidation and
// the JSON and CSV writers; the same text as a time expression and as a regular expression.
// Compiled with the FramecastGraphite sources into one module against an instrumented
// FramecastCore by scripts/fuzz/run.sh. Only a trap is a finding: errors are expected answers.

private let now: Int64 = 1_700_000_000

private let fuzzStore: GraphiteStore = {
    var aggregator = Aggregator(policy: try! RetentionPolicy("10s:1h,1m:1d"))
    var batch = aggregator.makeBatch()
    var text = ""
    for i in 0..<400 {
        let t = now - 4000 + Int64(i) * 10
        text += "a.b.c \(Double(i % 13) - 4) \(t)\na.b.d \(Double(i) * 1.5) \(t)\nx.y;host=a;dc=east \(i % 3) \(t)\n"
        if i % 5 != 0 { text += "gap.py.z \(Double(i % 7) / 3) \(t)\n" }
        text += "c.n \(Double(i * 7 % 1000)) \(t)\n"
    }
    text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
    _ = aggregator.apply(batch, now: now * 1000)
    return GraphiteStore(snapshot: aggregator)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGraphiteTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let control = bytes[0]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    _ = try? GraphiteTime.parse(text, now: now)
    if let regex = try? GraphiteRegex(text) { _ = try? regex.substitute(#"\1-\g<0>"#, in: "a.b.c;x=1") }
    var limits = GraphiteLimits()
    limits.maxPoints = 200_000
    limits.maxSeries = 200
    limits.deadline = .seconds(2)
    let deferReads = control & 1 == 1
    let evaluator = GraphiteEvaluator(store: fuzzStore, limits: limits, deferReads: deferReads)
    let span = Int64(control >> 1) * 60 + 10
    let window = GraphiteWindow(from: now - span, until: now, now: now)
    guard let series = try? evaluator.evaluate([text], window: window) else { return 0 }
    let maxDataPoints = control & 0x0E == 0 ? nil : Int(control >> 4) + 1
    let prepared = GraphiteOutput.prepare(series, store: fuzzStore, maxDataPoints: maxDataPoints)
    for s in prepared {
        precondition(s.count >= 0 && s.points(in: 0..<s.count).count == s.count, "output series \(s.name) reads \(s.count) points")
    }
    _ = GraphiteOutput.bytes(prepared, format: .json, noNullPoints: control & 0x40 != 0)
    _ = GraphiteOutput.bytes(prepared, format: .csv)
    return 0
}
