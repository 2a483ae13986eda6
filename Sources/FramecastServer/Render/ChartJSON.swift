import FramecastCore
import FramecastRender
import FramecastStore

/// `/render?format=json`: the chart's window and each series' M4 columns, taken from the same
/// layout the PNG is drawn from (`FrameRenderer.layout`): `width` is the plot's width in device
/// pixels and the columns are the very columns the PNG draws, not a second reduction.
struct ChartJSON: Encodable {
    struct Series: Encodable {
        let name: String
        let version: UInt64
        let columns: ColumnsArray
    }

    let from: EpochMillis
    let until: EpochMillis
    let width: Int
    let etag: String
    let series: [Series]

    static func write(_ resolved: ResolvedChart) throws -> [UInt8] {
        let layout = try FrameRenderer.layout(spec: resolved.spec, series: resolved.sources)
        let series = zip(layout.reduced, zip(resolved.sources, resolved.versions)).map { m4, source in
            Series(name: source.0.key.description, version: source.1, columns: ColumnsArray(series: m4))
        }
        let chart = ChartJSON(
            from: resolved.spec.from, until: resolved.spec.until, width: layout.mapping.columns, etag: resolved.etag, series: series)
        return try JSONBody.bytes(chart)
    }
}
