import FramecastCore
import FramecastStore

/// `/render?format=json`: the chart's window and each series' M4 columns at the chart's width
/// in device pixels, as the PNG would draw them.
enum ChartJSON {
    static func write(_ resolved: ResolvedChart) -> String {
        let spec = resolved.spec
        let width = max(1, Int((Double(spec.width) * spec.scale).rounded()))
        var text =
            "{\"from\":\(spec.from),\"until\":\(spec.until),\"width\":\(width),\"etag\":\(ColumnsJSON.string(resolved.etag)),\"series\":["
        for (index, (source, version)) in zip(resolved.sources, resolved.versions).enumerated() {
            if index > 0 { text += "," }
            let m4 = source.reduce(from: spec.from, until: spec.until, width: width)
            text += "{\"name\":\(ColumnsJSON.string(source.key.description)),\"version\":\(version),\"columns\":\(ColumnsJSON.columns(m4))}"
        }
        return text + "]}\n"
    }
}
