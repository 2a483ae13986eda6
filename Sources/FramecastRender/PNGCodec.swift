import CPNGWriter

/// PNG encoding and decoding through libpng (behind the C shim, which catches libpng's longjmp).
public enum PNGCodec {
    /// Encoder settings. The defaults were chosen by measurement (BENCHMARKS.md, "PNG encoding"):
    /// libdeflate level 3 on unfiltered rows encoded the 10M-point band chart (800×300) in a
    /// median 1.14 ms to 27.6 KB; libpng + zlib level 1 (the earlier default) 1.38 ms to 30.7 KB,
    /// zlib level 6 3.8 ms. With zlib the UP and SUB filters cost time without making the file
    /// smaller and RLE made it 35–60% larger. An indexed PNG would be lossy: an antialiased chart
    /// has about a thousand colours.
    public struct Options: Sendable, Equatable {
        /// Which compressor writes the rows.
        public enum Compressor: Sendable, Equatable {
            /// libpng driving zlib, with `filter` and `strategy`.
            case zlib
            /// libdeflate on unfiltered rows (`filter` and `strategy` do not apply).
            case libdeflate
        }

        public var compressor: Compressor
        public var level: Int32
        public var filter: fc_png_filter
        public var strategy: fc_png_strategy

        public init(
            compressor: Compressor = .libdeflate, level: Int32 = 3, filter: fc_png_filter = FC_PNG_FILTER_NONE,
            strategy: fc_png_strategy = FC_PNG_STRATEGY_DEFAULT
        ) {
            self.compressor = compressor
            self.level = level
            self.filter = filter
            self.strategy = strategy
        }

        public static let `default` = Options()
    }

    /// Encodes Cairo ARGB32 pixels; `keepAlpha` writes RGBA (for transparent backgrounds).
    public static func encode(
        argb32 pixels: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
        keepAlpha: Bool, options: Options = .default
    ) throws(RenderError) -> [UInt8] {
        var buffer = fc_png_buffer()
        defer { fc_png_buffer_free(&buffer) }
        let status =
            switch options.compressor {
            case .zlib:
                fc_png_encode_argb32(
                    pixels, Int32(width), Int32(height), Int32(stride), keepAlpha ? 1 : 0,
                    options.level, options.filter, options.strategy, &buffer)
            case .libdeflate:
                fc_png_encode_argb32_libdeflate(
                    pixels, Int32(width), Int32(height), Int32(stride), keepAlpha ? 1 : 0, options.level, &buffer)
            }
        guard status == 0, let data = buffer.data else {
            let message = withUnsafeBytes(of: buffer.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw .pngEncodingFailed(status == -2 ? "out of memory" : message)
        }
        return Array(UnsafeBufferPointer(start: data, count: buffer.length))
    }

    /// A decoded image: 8-bit RGBA rows, top to bottom.
    public struct Image: Sendable {
        public let width: Int
        public let height: Int
        public let rgba: [UInt8]

        public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
            let i = (y * width + x) * 4
            return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3])
        }
    }

    public static func decode(_ png: [UInt8]) throws(RenderError) -> Image {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = png.withUnsafeBufferPointer { buffer in
            fc_png_decode_rgba(buffer.baseAddress, buffer.count, &pixels, &width, &height, &message, message.count)
        }
        guard status == 0, let pixels else {
            throw .pngDecodingFailed(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { fc_png_free(pixels) }
        let count = Int(width) * Int(height) * 4
        return Image(width: Int(width), height: Int(height), rgba: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }
}
