#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks the lines of a byte buffer (LF or CRLF), skipping blank lines and `#` comments, and
/// hands each line to `body` with its 1-based number.

func forEachLine(
    _ buffer: UnsafeRawBufferPointer,
    _ body: (_ line: Int, _ start: UnsafePointer<UInt8>, _ count: Int) -> Void
) {
    guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    let end = base + buffer.count
    var cursor = base
    var lineNumber = 0
    while cursor < end {
        lineNumber += 1
        let remaining = end - cursor
        let found = memchr(cursor, 0x0A, remaining)?.assumingMemoryBound(to: UInt8.self)
        let newline = found.map { UnsafePointer($0) } ?? end
        var length = newline - cursor
        if length > 0, cursor[length - 1] == 0x0D { length -= 1 }
        // Trim leading blanks so indented lines and blank lines behave.
        var start = cursor
        while length > 0, start[0] == 0x20 || start[0] == 0x09 {
            start += 1
            length -= 1
        }
        if length > 0, start[0] != UInt8(ascii: "#") { body(lineNumber, start, length) }
        cursor = newline + 1
    }
}

@inline(__always)
func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

/// Text of a field for error messages, cut to a readable length.
func fieldText(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
    let shown = min(count, 64)
    let text = String(decoding: UnsafeBufferPointer(start: start, count: shown), as: UTF8.self)
    return count > shown ? text + "…" : text
}
