/// The bytes of one encoded batch, ready to be appended to a `MetricLog`, with their checksum.
///
/// A log treats the bytes as opaque; it stores `checksum` beside them and verifies it when it
/// reads them back, so corruption is found without decoding.
public struct EncodedBatch: Sendable, Equatable {
    public let bytes: [UInt8]
    /// CRC-32C of all of `bytes`.
    public let checksum: UInt32

    /// Wraps bytes from any source, computing their checksum.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.checksum = CRC32C.checksum(bytes)
    }

    /// Wraps bytes whose checksum the caller has just computed.
    init(bytes: [UInt8], checksum: UInt32) {
        self.bytes = bytes
        self.checksum = checksum
    }

    public var count: Int { bytes.count }
}
