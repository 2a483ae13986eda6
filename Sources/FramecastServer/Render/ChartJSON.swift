import FramecastCore
import FramecastRender
import FramecastStore

/// `/render?format=json`: the chart's window and each series' M4 columns, taken from the same
/// layout the PNG is drawn from (`FrameRenderer.layout`): `width` is the plot's width in device
/// pixels and the columns are the very columns the PNG draws, not a second reduction.
enum ChartJSON {
    static func write(_ resolved: ResolvedChart) throws -> String {
        let spec = resolved.spec
        let layout = try FrameRenderer.layout(spec: spec, series: resolved.sources)
        let width = layout.mapping.columns
        var text =
            "{\"from\":\(spec.from),\"until\":\(spec.until),\"width\":\(width),\"etag\":\(ColumnsJSON.string(resolved.etag)),\"series\":["
        for (index, (m4, (source, version))) in zip(layout.reduced, zip(resolved.sources, resolved.versions)).enumerated() {
            if index > 0 { text += "," }
            text += "{\"name\":\(ColumnsJSON.string(source.key.description)),\"version\":\(version),\"columns\":\(ColumnsJSON.columns(m4))}"
        }
        return text + "]}\n"
    }
}
