import Foundation
import FramecastCore
import Testing

@testable import FramecastServer

@Suite struct DemoReplayTests {
    func replay(endingAt end: EpochMillis) throws -> (DemoReplay, String) {
        let directory = NSTemporaryDirectory() + "framecast-demo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n2014-01-01 00:10:00,3\n"
            .write(toFile: directory + "/tiny.csv", atomically: true, encoding: .utf8)
        return (DemoReplay(directory: directory, endingAt: end) { _ in }, directory)
    }

    @Test func endsAtTheStartAndLoopsInRealTime() throws {
        let end: EpochMillis = 1_700_000_000_000
        let (replay, _) = try replay(endingAt: end)
        #expect(replay.series.map(\.name) == ["nab.tiny"])
        var text = ""
        // 20 minutes before the end through 15 minutes after: the loop repeats every 15 min.
        replay.lines(after: end - 20 * 60_000, through: end + 15 * 60_000, into: &text)
        let points = text.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(points.map { Int64($0[2])! } == stride(from: end - 15 * 60_000, through: end + 15 * 60_000, by: 5 * 60_000).map { $0 })
        #expect(points.map { String($0[1]) } == ["3.0", "1.0", "2.0", "3.0", "1.0", "2.0", "3.0"])
        // Consecutive windows give each point once.
        var a = ""
        var b = ""
        replay.lines(after: end - 7 * 60_000, through: end + 60_000, into: &a)
        replay.lines(after: end + 60_000, through: end + 12 * 60_000, into: &b)
        var whole = ""
        replay.lines(after: end - 7 * 60_000, through: end + 12 * 60_000, into: &whole)
        #expect(a + b == whole)
    }

    @Test func syntheticSeriesAtTheirRate() {
        var synthetic = DemoSynthetic()
        var text = ""
        synthetic.lines(after: 1_000_000, through: 1_001_000, into: &text)
        let names = text.split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(names.filter { $0 == "demo.sine.a" }.count == 50)
        #expect(names.filter { $0 == "demo.requests;host=web-2" }.count == 5)
    }
}
