import CCairo
import Foundation
import FramecastCore
import Synchronization

/// Text widths from the font Cairo draws with, so layout leaves exactly the room labels take.
/// Cairo contexts are not thread-safe: one context guarded by a mutex, widths cached.
public final class CairoTextMeasurer: TextMeasurer, Sendable {
    public static let shared = CairoTextMeasurer()

    /// The Cairo objects, used only under the mutex.
    private struct Measurer {
        let surface: OpaquePointer
        let context: OpaquePointer
        var cache: [String: Double] = [:]
    }
    private let state: Mutex<Measurer>

    public init() {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)!
        state = Mutex(Measurer(surface: surface, context: cairo_create(surface)))
    }

    deinit {
        state.withLock { measurer in
            cairo_destroy(measurer.context)
            cairo_surface_destroy(measurer.surface)
        }
    }

    public func width(of text: String, size: Double, bold: Bool) -> Double {
        let cacheKey = "\(size)|\(bold)|\(text)"
        return state.withLock { measurer in
            if let width = measurer.cache[cacheKey] { return width }
            let context = measurer.context
            cairo_select_font_face(
                context, CairoCanvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(context, size)
            var extents = cairo_text_extents_t()
            cairo_text_extents(context, text, &extents)
            if measurer.cache.count > 10_000 { measurer.cache.removeAll() }
            measurer.cache[cacheKey] = extents.x_advance
            return extents.x_advance
        }
    }
}
