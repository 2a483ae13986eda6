/// Why a frame could not be produced.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cairo could not create a surface of this size (usually memory); its status text is kept.
    case surfaceCreationFailed(width: Int, height: Int, status: String)
    /// libpng failed while encoding; its message is kept.
    case pngEncodingFailed(String)
    /// The bytes are not a PNG that libpng can decode.
    case pngDecodingFailed(String)

    public var description: String {
        switch self {
        case .surfaceCreationFailed(let width, let height, let status):
            return "cannot create a \(width)×\(height) image: \(status)"
        case .pngEncodingFailed(let message): return "PNG encoding failed: \(message)"
        case .pngDecodingFailed(let message): return "PNG decoding failed: \(message)"
        }
    }
}
