import CCairo
import FramecastCore

/// Output formats of a frame.
public enum FrameFormat: String, Sendable, CaseIterable {
    /// The chart as a raster.
    case png
    /// The whole chart as vector, drawn from the same Scene as the PNG.
    case svg
    /// Only the interactive layer (SVG) that sits exactly on top of the PNG.
    case overlay

    public var contentType: String {
        switch self {
        case .png: return "image/png"
        case .svg, .overlay: return "image/svg+xml"
        }
    }
}

/// A finished frame: encoded bytes plus what was drawn.
public struct Frame: Sendable {
    public let bytes: [UInt8]
    public let format: FrameFormat
    public let pixelWidth: Int
    public let pixelHeight: Int
    public let scene: Scene
}

/// The one function that turns (spec, data) into a frame. `framecast export` and the server's
/// `/render` both call it.
public enum FrameRenderer {
    public static func render(
        spec: ChartSpec, series: [any ChartSource], format: FrameFormat,
        png: PNGCodec.Options = .default
    ) throws -> Frame {
        let layout = try layout(spec: spec, series: series)
        let scene = layout.scene
        switch format {
        case .png:
            let bytes = try rasterize(scene, png: png)
            return Frame(bytes: bytes, format: .png, pixelWidth: scene.pixelWidth, pixelHeight: scene.pixelHeight, scene: scene)
        case .svg:
            return Frame(
                bytes: SVGWriter.write(scene), format: .svg, pixelWidth: scene.pixelWidth,
                pixelHeight: scene.pixelHeight, scene: scene)
        case .overlay:
            return Frame(
                bytes: OverlayWriter.write(layout.overlay), format: .overlay, pixelWidth: scene.pixelWidth,
                pixelHeight: scene.pixelHeight, scene: scene)
        }
    }

    /// The layout every frame format draws from, text measured with Cairo: its `reduced`
    /// columns (one per device pixel column of the plot) are the very columns the PNG draws.
    public static func layout(spec: ChartSpec, series: [any ChartSource]) throws(ChartSpecError) -> ChartLayout.Result {
        try ChartSpec.validate(seriesCount: series.count)
        return ChartLayout.layout(spec: spec, series: series, measurer: CairoTextMeasurer.shared)
    }

    /// Draws a scene with Cairo and encodes it as PNG. Without antialiasing, series lines are
    /// drawn with a square pen unless `squarePen` is false (see `CairoCanvas.strokeWithSquarePen`).
    public static func rasterize(
        _ scene: Scene, antialias: Bool = true, squarePen: Bool = true,
        png: PNGCodec.Options = .default
    ) throws(RenderError) -> [UInt8] {
        let canvas = try CairoCanvas(width: scene.pixelWidth, height: scene.pixelHeight)
        canvas.draw(scene, antialias: antialias, squarePen: squarePen)
        return try canvas.encodePNG(keepAlpha: scene.background == nil, options: png)
    }
}

extension CairoCanvas {
    func encodePNG(keepAlpha: Bool, options: PNGCodec.Options) throws(RenderError) -> [UInt8] {
        guard let data = cairo_image_surface_get_data(surface) else {
            throw .pngEncodingFailed("the surface has no pixel data")
        }
        return try PNGCodec.encode(
            argb32: data, width: width, height: height,
            stride: Int(cairo_image_surface_get_stride(surface)), keepAlpha: keepAlpha, options: options)
    }
}
