import Foundation

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
            throw CLIError("cannot read input '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
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
