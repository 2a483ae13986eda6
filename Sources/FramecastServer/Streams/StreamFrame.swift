import FramecastCore
import NIOCore

/// One rendered frame of a live chart, shared by every subscriber: the bytes are made once and
/// the same buffers go to all (ByteBuffer copies share storage).
final class StreamFrame: Sendable {
    /// The chart's frame number (1, 2, …).
    let sequence: UInt64
    /// The refresh boundary (epoch ms) the frame was drawn for, for measuring frame delay: a
    /// multiple of the chart's refresh, however late the tick that drew it ran.
    let due: EpochMillis
    /// The frame itself (PNG or SVG), for WebSocket binary messages.
    let bytes: ByteBuffer
    /// The frame as one `multipart/x-mixed-replace` part, boundary line included.
    let part: ByteBuffer
    /// Content hash: a frame equal to the last one sent is not sent again.
    let digest: UInt64

    init(sequence: UInt64, due: EpochMillis, bytes: [UInt8], contentType: String) {
        self.sequence = sequence
        self.due = due
        self.bytes = ByteBuffer(bytes: bytes)
        var hash = StableHash()
        hash.combine(bytes)
        digest = hash.value
        var part = ByteBuffer()
        part.reserveCapacity(bytes.count + 160)
        part.writeString("--\(Self.boundary)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n")
        part.writeString("X-Frame-Sequence: \(sequence)\r\nX-Frame-Due: \(due)\r\n\r\n")
        part.writeBytes(bytes)
        part.writeString("\r\n")
        self.part = part
    }

    static let boundary = "framecast-frame"
}
