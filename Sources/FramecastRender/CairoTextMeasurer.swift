import CCairo
import Foundation
import FramecastCore

/// Text widths from the font Cairo draws with, so layout leaves exactly the room labels take.
/// Cairo contexts are not thread-safe: one context guarded by a lock, widths cached.
public final class CairoTextMeasurer: TextMeasurer, @unchecked Sendable {
    public static let shared = CairoTextMeasurer()

    private let lock = NSLock()
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private var cache: [String: Double] = [:]

    public init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        context = cairo_create(surface)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    public func width(of text: String, size: Double, bold: Bool) -> Double {
        let cacheKey = "\(size)|\(bold)|\(text)"
        lock.lock()
        defer { lock.unlock() }
        if let width = cache[cacheKey] { return width }
        cairo_select_font_face(
            context, CairoCanvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
            bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        if cache.count > 10_000 { cache.removeAll() }
        cache[cacheKey] = extents.x_advance
        return extents.x_advance
    }
}
