import Testing

@testable import FramecastCore

/// Hostile input for the Prometheus text parser: mutated exposition lines and random bytes never
/// trap, and every line read is either a point or a rejection.
@Suite struct PrometheusTextParserFuzzTests {
    static let seedLines = [
        #"http_requests_total{method="GET",code="200"} 1027 1700000000000"#,
        #"rpc_seconds_bucket{le="+Inf"} 5"#,
        #"a{x="esc\\aped \"q\" \nl"} -3.5e-2"#,
        "up 1",
        #"weird { a = "1" , } 2"#
    ]

    @Test(arguments: 0..<8)
    func mutatedLinesNeverTrapAndAreAllAccounted(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let alphabet = Array(#"{}=",\ "#.utf8) + [0x0A, 0x00, 0xFF, UInt8(ascii: "e"), UInt8(ascii: "9")]
        var bytes: [UInt8] = []
        for _ in 0..<400 {
            var line = Array(Self.seedLines[Int(rng.next() % UInt64(Self.seedLines.count))].utf8)
            for _ in 0..<Int(rng.next() % 4) {
                let at = Int(rng.next() % UInt64(line.count + 1))
                switch rng.next() % 3 {
                case 0: line.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 1: if at < line.count { line.remove(at: at) }
                default: line = Array(line.prefix(at))
                }
            }
            bytes += line + [0x0A]
        }
        var batch = ParsedBatch()
        bytes.withUnsafeBytes { PrometheusTextParser.parse($0, options: ParseOptions(), into: &batch) }
        #expect(batch.acceptedPoints + batch.rejectedLines == batch.linesRead)
        #expect(batch.linesRead > 0)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 42)
        let bytes = (0..<20_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var batch = ParsedBatch()
        bytes.withUnsafeBytes { PrometheusTextParser.parse($0, options: ParseOptions(), into: &batch) }
        #expect(batch.acceptedPoints + batch.rejectedLines == batch.linesRead)
    }

    @Test func aMillionLabelsAreRefusedByTheNameLimitInOnePass() {
        let labels = (0..<1_000_000).map { "l\($0)=\"v\"" }.joined(separator: ",")
        let batch = parse("m{\(labels)} 1\n", .prometheus)
        #expect(batch.acceptedPoints == 0)
        if case .nameTooLong? = batch.rejections.first?.reason {} else { Issue.record("expected nameTooLong, got \(batch.rejections)") }
    }
}
