import Foundation
import FramecastCore

/// Reads a file in chunks that end on line boundaries, so a large file is parsed and logged as
/// a stream of batches without holding it whole. When `repeatHeader` says the first chunk opens
/// with a header (CSV), later chunks repeat it so each parses with the same column layout; `firstLine` keeps line numbers absolute.
struct FileChunks: Sequence, IteratorProtocol {
    struct Chunk {
        var bytes: [UInt8]
        /// Line number (1-based) in the file of the chunk's first line of data.
        var firstLine: Int
        /// Lines added in front of the data (a repeated CSV header).
        var prefixLines: Int
    }

    let handle: FileHandle
    let chunkSize: Int
    let repeatHeader: (_ firstChunk: [UInt8]) -> Bool
    var header: [UInt8]? = nil
    var carry: [UInt8] = []
    var nextLine = 1
    var finished = false

    init(path: String, chunkSize: Int = 4 << 20, repeatHeader: @escaping (_ firstChunk: [UInt8]) -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError(
                "cannot read input '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
        }
        self.handle = handle
        self.chunkSize = chunkSize
        self.repeatHeader = repeatHeader
    }

    mutating func next() -> Chunk? {
        guard !finished else { return nil }
        var data = carry
        carry = []
        let read = (try? handle.read(upToCount: chunkSize)) ?? nil
        if let read, !read.isEmpty {
            data.append(contentsOf: read)
            // Keep the partial last line for the next chunk.
            if let lastNewline = data.lastIndex(of: 0x0A) {
                carry = Array(data[(lastNewline + 1)...])
                data.removeSubrange((lastNewline + 1)...)
            } else {
                carry = data
                data = []
                return next()
            }
        } else {
            finished = true
            try? handle.close()
            if data.isEmpty { return nil }
        }
        let lines = Self.countNewlines(data)
        var chunk = Chunk(bytes: data, firstLine: nextLine, prefixLines: 0)
        if let header {
            chunk.bytes = header + data
            chunk.prefixLines = 1
        } else if nextLine == 1, let end = data.firstIndex(of: 0x0A), repeatHeader(data) {
            header = Array(data[...end])
        }
        nextLine += lines
        return chunk
    }

    static func countNewlines(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            guard var cursor = raw.baseAddress else { return 0 }
            let end = cursor + raw.count
            var lines = 0
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                lines += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return lines
        }
    }
}

extension FileChunks {
    /// A data file's format (`override`, else its extension, else its first line) and its chunks:
    /// line-aligned chunks of `chunkBytes`, a repeated CSV header in each, or the whole file for a
    /// JSON document that is not newline-delimited (it may span lines).
    static func open(
        path: String, format override: InputFormat?, options: ParseOptions,
        chunkBytes: Int
    ) throws -> (chunks: FileChunks, format: InputFormat?) {
        let head = head(of: path)
        let format =
            override ?? InputFormat.fromExtension(URL(fileURLWithPath: path).pathExtension)
            ?? head.withUnsafeBytes { InputFormat.detect($0) }
        let whole = format == .json && !isNewlineDelimitedJSON(head)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let chunks = try FileChunks(path: path, chunkSize: whole ? Swift.max(64, (size ?? 0) + 1) : Swift.max(64, chunkBytes)) { first in
            format == .csv && first.withUnsafeBytes { CSVParser.startsWithHeader($0, options: options) }
        }
        return (chunks, format)
    }

    /// The first 64 KiB of a file, for format detection.
    static func head(of path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: 64 << 10)) ?? Data())
    }

    /// One JSON object per line (a first line that opens and closes an object).
    static func isNewlineDelimitedJSON(_ head: [UInt8]) -> Bool {
        guard let end = head.firstIndex(of: 0x0A) else { return false }
        let line = head[..<end].drop { $0 == 0x20 || $0 == 0x09 }
        var trimmed = Array(line)
        while let last = trimmed.last, last == 0x20 || last == 0x0D || last == 0x09 { trimmed.removeLast() }
        return trimmed.first == UInt8(ascii: "{") && trimmed.last == UInt8(ascii: "}")
    }
}
