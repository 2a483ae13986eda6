import CCairo
import FramecastCore

/// Draws a Scene onto a Cairo image surface. Coordinates are logical pixels; the context is
/// scaled by `scene.scale`, so fonts and line widths grow with HiDPI output, never blur.
final class CairoCanvas {
    let surface: OpaquePointer
    let context: OpaquePointer
    let width: Int
    let height: Int
    /// Set by `draw(_:antialias:squarePen:)`: with antialiasing off, series lines use the square pen.
    private(set) var antialias = true
    private(set) var squarePen = true
    /// Device pixels per logical pixel of the scene being drawn.
    private(set) var scale = 1.0

    /// Baseline offset below a text's vertical centre, in ems. The SVG writer uses the same figure
    /// so labels sit identically in both forms.
    static let baselineShift = 0.36
    static let fontFamily = "DejaVu Sans"

    init(width: Int, height: Int) throws(RenderError) {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw .surfaceCreationFailed(width: width, height: height, status: "no surface")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            let text = String(cString: cairo_status_to_string(status))
            cairo_surface_destroy(surface)
            throw .surfaceCreationFailed(width: width, height: height, status: text)
        }
        self.surface = surface
        self.context = context
        self.width = width
        self.height = height
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(context, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255, color.opacity)
    }

    func draw(_ scene: Scene, antialias: Bool = true, squarePen: Bool = true) {
        self.squarePen = squarePen
        self.scale = scene.scale
        cairo_scale(context, scene.scale, scene.scale)
        if let background = scene.background {
            setColor(background)
            cairo_paint(context)
        }
        self.antialias = antialias
        cairo_set_antialias(context, antialias ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE)
        for item in scene.items {
            switch item {
            case .rect(let rect):
                setColor(rect.fill)
                cairo_rectangle(context, rect.rect.x, rect.rect.y, rect.rect.width, rect.rect.height)
                cairo_fill(context)
            case .path(let path): draw(path)
            case .text(let text): draw(text)
            }
        }
        cairo_surface_flush(surface)
    }

    private func draw(_ path: ScenePath) {
        cairo_save(context)
        if let clip = path.clip {
            cairo_rectangle(context, clip.x, clip.y, clip.width, clip.height)
            cairo_clip(context)
        }
        if !antialias, squarePen, path.fill == nil, let stroke = path.stroke, stroke.dash.isEmpty, case .series = path.role {
            setColor(stroke.color)
            strokeWithSquarePen(path.subpaths, width: stroke.width)
            cairo_restore(context)
            return
        }
        for subpath in path.subpaths {
            guard let first = subpath.first else { continue }
            cairo_move_to(context, first.x, first.y)
            for point in subpath.dropFirst() { cairo_line_to(context, point.x, point.y) }
        }
        if let fill = path.fill {
            setColor(fill)
            if path.stroke == nil { cairo_fill(context) } else { cairo_fill_preserve(context) }
        }
        if let stroke = path.stroke {
            setColor(stroke.color)
            cairo_set_line_width(context, stroke.width)
            cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            cairo_set_line_cap(context, path.role == .grid || path.role == .axis ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND)
            if !stroke.dash.isEmpty { cairo_set_dash(context, stroke.dash, Int32(stroke.dash.count), 0) }
            cairo_stroke(context)
        }
        cairo_new_path(context)
        cairo_restore(context)
    }

    private func draw(_ text: SceneText) {
        cairo_select_font_face(
            context, Self.fontFamily, CAIRO_FONT_SLANT_NORMAL,
            text.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, text.size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text.text, &extents)
        let x: Double
        switch text.anchor {
        case .start: x = text.position.x
        case .middle: x = text.position.x - extents.x_advance / 2
        case .end: x = text.position.x - extents.x_advance
        }
        setColor(text.color)
        if text.vertical {
            // Rotate about the anchor point; then lay the text out as if horizontal there.
            cairo_save(context)
            cairo_translate(context, text.position.x, text.position.y)
            cairo_rotate(context, -Double.pi / 2)
            cairo_move_to(context, x - text.position.x, text.size * Self.baselineShift)
            cairo_show_text(context, text.text)
            cairo_new_path(context)
            cairo_restore(context)
            return
        }
        cairo_move_to(context, x, text.position.y + text.size * Self.baselineShift)
        cairo_show_text(context, text.text)
        cairo_new_path(context)
    }
}
