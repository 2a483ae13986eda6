import Testing

@testable import FramecastRender

/// The libdeflate writer (the default) and libpng + zlib encode the same pixels: both decode
/// (through libpng, which checks every chunk's CRC and the zlib stream's Adler-32) to the same
/// RGBA, opaque and with alpha, at sizes whose rows are not a multiple of anything.
@Suite struct PNGCompressorTests {
    /// Premultiplied ARGB32 words: a gradient, with some alpha when `alpha`.
    static func image(width: Int, height: Int, alpha: Bool) -> [UInt32] {
        (0..<(width * height)).map { i in
            let (x, y) = (i % width, i / width)
            let a: UInt32 = alpha ? UInt32((x * 7 + y * 3) % 256) : 255
            func channel(_ v: Int) -> UInt32 { UInt32(v % 256) * a / 255 }
            return a << 24 | channel(x * 3) << 16 | channel(y * 5) << 8 | channel(x ^ y)
        }
    }

    @Test(arguments: [(800, 300, false), (800, 300, true), (1, 1, false), (333, 17, true)])
    func bothCompressorsDecodeToTheSamePixels(width: Int, height: Int, alpha: Bool) throws {
        let pixels = Self.image(width: width, height: height, alpha: alpha)
        func encode(_ options: PNGCodec.Options) throws -> [UInt8] {
            try pixels.withUnsafeBytes { raw in
                try PNGCodec.encode(
                    argb32: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), width: width, height: height,
                    stride: width * 4, keepAlpha: alpha, options: options)
            }
        }
        let fast = try encode(.default)
        let zlib = try encode(PNGCodec.Options(compressor: .zlib))
        #expect(fast != zlib, "the two writers are different code")
        let a = try PNGCodec.decode(fast)
        let b = try PNGCodec.decode(zlib)
        #expect(a.width == width && a.height == height)
        #expect(a.rgba == b.rgba)
        for level: Int32 in [0, 6, 12] {
            #expect(try PNGCodec.decode(try encode(PNGCodec.Options(compressor: .libdeflate, level: level))).rgba == b.rgba)
        }
    }
}
