import FramecastCore

/// The messages of `/events` and `/ws` (schema: docs/streams.md), written as JSON by hand like
/// `ColumnsJSON`: a `snapshot` of the whole chart, then `append` (the window moved: drop columns
/// at the left, add new ones at the right) and `update` (columns that changed in place).
enum StreamMessage {
    /// Messages that take `old` to `new`, in order: one `snapshot` when the two cannot be related
    /// (other series, other grid, a jump past the window), else an `append` when the window moved
    /// and an `update` when columns in the overlap changed. Empty when nothing changed.
    static func diff(from old: EventsState, to new: EventsState) -> [Kind] {
        let shiftMillis = new.grid.from - old.grid.from
        guard old.grid.columnMillis == new.grid.columnMillis, old.grid.count == new.grid.count,
            old.series.map(\.name) == new.series.map(\.name), shiftMillis >= 0,
            shiftMillis % new.grid.columnMillis == 0, shiftMillis / new.grid.columnMillis < Int64(new.grid.count)
        else { return [.snapshot] }
        let shift = Int(shiftMillis / new.grid.columnMillis)
        var kinds: [Kind] = []
        if shift > 0 { kinds.append(.append(drop: shift)) }
        var changed: [[Int]] = []
        for (a, b) in zip(old.series, new.series) {
            var indices: [Int] = []
            for c in 0..<(new.grid.count - shift) where a.columns[c + shift] != b.columns[c] { indices.append(c) }
            changed.append(indices)
        }
        if changed.contains(where: { !$0.isEmpty }) || (kinds.isEmpty && old.scales != new.scales) {
            kinds.append(.update(changed: changed))
        }
        return kinds
    }

    enum Kind: Equatable {
        case snapshot
        case append(drop: Int)
        /// Changed column indices per series (in the new grid).
        case update(changed: [[Int]])

        var name: String {
            switch self {
            case .snapshot: return "snapshot"
            case .append: return "append"
            case .update: return "update"
            }
        }
    }

    /// The JSON text of one message about `state` (the chart after it), with its event id.
    static func json(_ kind: Kind, id: UInt64, state: EventsState) -> String {
        var text = "{\"type\":\"\(kind.name)\",\"id\":\(id)"
        switch kind {
        case .snapshot:
            window(state.grid, into: &text)
            scales(state.scales, into: &text)
            text += ",\"series\":["
            for (index, series) in state.series.enumerated() {
                if index > 0 { text += "," }
                text += "{\"name\":\(ColumnsJSON.string(series.name)),\"axis\":\"\(series.rightAxis ? "right" : "left")\","
                columns(series.columns, indices: series.columns.indices, grid: state.grid, into: &text)
                text += "}"
            }
        case .append(let drop):
            text += ",\"drop\":\(drop)"
            window(state.grid, into: &text)
            scales(state.scales, into: &text)
            text += ",\"series\":["
            let added = (state.grid.count - drop)..<state.grid.count
            for (index, series) in state.series.enumerated() {
                if index > 0 { text += "," }
                text += "{\"name\":\(ColumnsJSON.string(series.name)),"
                columns(series.columns, indices: added, grid: state.grid, into: &text)
                text += "}"
            }
        case .update(let changed):
            scales(state.scales, into: &text)
            text += ",\"series\":["
            var first = true
            for (series, indices) in zip(state.series, changed) where !indices.isEmpty {
                if !first { text += "," }
                first = false
                text += "{\"name\":\(ColumnsJSON.string(series.name)),"
                columns(series.columns, indices: indices, grid: state.grid, keepEmpty: true, into: &text)
                text += "}"
            }
        }
        return text + "]}"
    }

    static func window(_ grid: ColumnGrid, into text: inout String) {
        text += ",\"window\":{\"from\":\(grid.from),\"until\":\(grid.until),\"width\":\(grid.count),\"columnMillis\":\(grid.columnMillis)}"
    }

    static func scales(_ scales: EventsState.Scales, into text: inout String) {
        func range(_ range: ClosedRange<Double>?) -> String {
            guard let range else { return "null" }
            return "{\"min\":\(ColumnsJSON.number(range.lowerBound)),\"max\":\(ColumnsJSON.number(range.upperBound))}"
        }
        text += ",\"scales\":{\"left\":\(range(scales.left)),\"right\":\(range(scales.right))}"
    }

    /// `"columns":[[start,min,max,first,last,count,avg],…]`; an emptied column (only in updates) is `[start]`.
    static func columns(
        _ columns: [M4Column], indices: some Sequence<Int>, grid: ColumnGrid, keepEmpty: Bool = false,
        into text: inout String
    ) {
        text += "\"columns\":["
        var first = true
        for c in indices where keepEmpty || !columns[c].isEmpty {
            if !first { text += "," }
            first = false
            if columns[c].isEmpty {
                text += "[\(grid.start(of: c))]"
            } else {
                ColumnsJSON.column(columns[c], start: grid.start(of: c), into: &text)
            }
        }
        text += "]"
    }
}
