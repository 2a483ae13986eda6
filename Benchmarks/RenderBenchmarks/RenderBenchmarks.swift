import Benchmark
import CPNGWriter
import FramecastCore
import FramecastRender

// Names have no spaces: they key the allocation thresholds in Thresholds/ (`make benchmark-check`),
// and the benchmark tool reads those files back only under a name without spaces.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(5), maxIterations: 100)
    let count = 100_000
    let times = (0..<count).map { EpochMillis($0) * 1000 }
    var value = 100.0
    var state: UInt64 = 7
    let values = (0..<count).map { _ -> Double in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        value += Double(Int(state >> 33) % 2001 - 1000) / 1000
        return value
    }
    let series = SeriesData(key: SeriesKey(name: "walk"), times: times, values: values)
    let spec = try! ChartSpec(width: 800, height: 300, from: 0, until: EpochMillis(count) * 1000, title: "Benchmark")

    Benchmark("Render-800x300-PNG-100k-points") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! FrameRenderer.render(spec: spec, series: [series], format: .png))
        }
    }
    Benchmark("Render-800x300-SVG-100k-points") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! FrameRenderer.render(spec: spec, series: [series], format: .svg))
        }
    }

    // PNG encoder settings on the same chart, to choose the defaults by measurement.
    let scene = ChartLayout.layout(spec: spec, series: [series], measurer: CairoTextMeasurer.shared).scene
    let settings: [(String, PNGCodec.Options)] = [
        ("default (libdeflate level 3)", .default),
        ("zlib level 6 NONE", .init(compressor: .zlib, level: 6, filter: FC_PNG_FILTER_NONE, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 6 ADAPTIVE", .init(compressor: .zlib, level: 6, filter: FC_PNG_FILTER_ADAPTIVE, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 1 UP", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_UP, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 6 UP RLE", .init(compressor: .zlib, level: 6, filter: FC_PNG_FILTER_UP, strategy: FC_PNG_STRATEGY_RLE)),
        ("zlib level 1 SUB RLE", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_SUB, strategy: FC_PNG_STRATEGY_RLE))
    ]
    for (name, options) in settings {
        Benchmark("Rasterize+encode-800x300-\(name.split(separator: " ").joined(separator: "-"))") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try! FrameRenderer.rasterize(scene, png: options))
            }
        }
    }

    // Encoding alone, on the chart's own pixels (decoded from a rendered frame and turned back
    // into Cairo's premultiplied ARGB32 words; the background is opaque, so they are the same).
    let image = try! PNGCodec.decode(try! FrameRenderer.rasterize(scene))
    var argb = [UInt8](repeating: 0, count: image.width * image.height * 4)
    for i in 0..<(image.width * image.height) {
        let word =
            UInt32(image.rgba[4 * i + 3]) << 24 | UInt32(image.rgba[4 * i]) << 16
            | UInt32(image.rgba[4 * i + 1]) << 8 | UInt32(image.rgba[4 * i + 2])
        withUnsafeBytes(of: word.littleEndian) { bytes in
            for b in 0..<4 { argb[4 * i + b] = bytes[b] }
        }
    }
    let encoderSettings: [(String, PNGCodec.Options)] = [
        ("default (libdeflate level 3)", .default),
        ("libdeflate level 1", .init(compressor: .libdeflate, level: 1)),
        ("libdeflate level 2", .init(compressor: .libdeflate, level: 2)),
        ("libdeflate level 4", .init(compressor: .libdeflate, level: 4)),
        ("libdeflate level 6", .init(compressor: .libdeflate, level: 6)),
        ("zlib level 1 NONE", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_NONE, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 1 UP", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_UP, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 6 NONE", .init(compressor: .zlib, level: 6, filter: FC_PNG_FILTER_NONE, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 6 ADAPTIVE", .init(compressor: .zlib, level: 6, filter: FC_PNG_FILTER_ADAPTIVE, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 1 SUB", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_SUB, strategy: FC_PNG_STRATEGY_DEFAULT)),
        ("zlib level 1 UP RLE", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_UP, strategy: FC_PNG_STRATEGY_RLE)),
        ("zlib level 1 NONE RLE", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_NONE, strategy: FC_PNG_STRATEGY_RLE)),
        ("zlib level 1 SUB RLE", .init(compressor: .zlib, level: 1, filter: FC_PNG_FILTER_SUB, strategy: FC_PNG_STRATEGY_RLE))
    ]
    for (name, options) in encoderSettings {
        Benchmark("PNG-encode-only-800x300-\(name.split(separator: " ").joined(separator: "-"))") { benchmark in
            for _ in benchmark.scaledIterations {
                argb.withUnsafeBufferPointer {
                    blackHole(
                        try! PNGCodec.encode(
                            argb32: $0.baseAddress!, width: image.width, height: image.height,
                            stride: image.width * 4, keepAlpha: false, options: options))
                }
            }
        }
    }
}
