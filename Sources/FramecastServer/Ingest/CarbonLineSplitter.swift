import NIOCore

/// Cuts a TCP byte stream into runs of whole lines: a line split across reads is kept until its
/// newline arrives. A line longer than `maxLineBytes` is dropped (counted) rather than buffered,
/// so a sender that never sends a newline cannot grow memory.
struct CarbonLineSplitter {
    let maxLineBytes: Int
    /// Start of a line whose newline has not arrived yet.
    private(set) var tail = ByteBuffer()
    /// Inside an over-long line: bytes are skipped up to its newline.
    private var skipping = false
    /// Lines dropped for being longer than `maxLineBytes`.
    private(set) var overlongLines = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Takes one read; returns the whole lines it completes (each ending in a newline), if any.
    mutating func append(_ chunk: ByteBuffer) -> ByteBuffer? {
        var chunk = chunk
        if skipping {
            guard let newline = chunk.readableBytesView.firstIndex(of: 0x0A) else { return nil }
            chunk.moveReaderIndex(to: newline + 1)
            skipping = false
        }
        guard let lastNewline = chunk.readableBytesView.lastIndex(of: 0x0A) else {
            keepTail(&chunk)
            return nil
        }
        var lines = chunk.readSlice(length: lastNewline + 1 - chunk.readerIndex)!
        if tail.readableBytes > 0 {
            var joined = tail
            tail = ByteBuffer()
            joined.writeBuffer(&lines)
            lines = joined
        }
        keepTail(&chunk)
        return lines
    }

    /// At the end of the stream: the last line if it had no newline.
    mutating func finish() -> ByteBuffer? {
        defer { tail = ByteBuffer() }
        return tail.readableBytes > 0 && !skipping ? tail : nil
    }

    private mutating func keepTail(_ rest: inout ByteBuffer) {
        guard rest.readableBytes > 0 else { return }
        if tail.readableBytes + rest.readableBytes > maxLineBytes {
            overlongLines += 1
            skipping = true
            tail = ByteBuffer()
        } else {
            tail.writeBuffer(&rest)
        }
    }
}
