import NIOCore
import Testing

@testable import FramecastServer

@Suite struct CarbonLineSplitterTests {
    func feed(_ pieces: [String], maxLine: Int = 64) -> (lines: [String], splitter: CarbonLineSplitter) {
        var splitter = CarbonLineSplitter(maxLineBytes: maxLine)
        var out: [String] = []
        for piece in pieces {
            if let lines = splitter.append(ByteBuffer(string: piece)) { out.append(String(buffer: lines)) }
        }
        if let last = splitter.finish() { out.append(String(buffer: last)) }
        return (out, splitter)
    }

    @Test func joinsLinesSplitAcrossReads() {
        let (lines, _) = feed(["a 1 1\nb", " 2", " 2\nc 3 3\nd", " 4 4"])
        #expect(lines == ["a 1 1\n", "b 2 2\nc 3 3\n", "d 4 4"])
    }

    @Test func dropsOverlongLinesWithoutBufferingThem() {
        let long = String(repeating: "x", count: 50)
        let (lines, splitter) = feed(["ok 1 1\n" + long, long, long + " 1 1\nnext 2 2\n"], maxLine: 64)
        #expect(lines == ["ok 1 1\n", "next 2 2\n"])
        #expect(splitter.overlongLines == 1)
    }
}
