extension GraphiteFunctions {
    static let calculate: [GraphiteFunction] = [
        moving("movingAverage", .average, "average"), moving("movingSum", .sum, "sum"), moving("movingMin", .min, "min"),
        moving("movingMax", .max, "max"), moving("movingMedian", .median, "median")
    ]

    /// graphite-web's `movingWindow`: the target is evaluated again from one window earlier, and
    /// each output value aggregates the `windowPoints` values before it.
    private static func moving(_ name: String, _ function: Aggregation, _ funcName: String) -> GraphiteFunction {
        GraphiteFunction(
            name, group: "Calculate",
            "The \(funcName) over a moving window before each point: a number of points, or a time such as '5min'.",
            params: [
                series(),
                GraphiteParam(
                    "windowSize", .intOrInterval, required: true, suggestions: ["5", "7", "10", "1min", "5min", "10min", "30min", "1hour"]),
                GraphiteParam("xFilesFactor", .float)
            ]
        ) { args throws(GraphiteError) in
            let list = args.seriesList("seriesList")
            guard !list.isEmpty else { return [] }
            let windowValue = args.bound["windowSize"]!
            let preview: Int64
            var windowText: String?
            var points: Int?
            switch windowValue {
            case .string(let text):
                do { preview = abs(try GraphiteTime.offsetSeconds(text)) } catch { throw GraphiteError("\(name)(): \(error)") }
                windowText = text
            case .number(let v, _):
                guard v >= 0, v <= 1_000_000 else { throw GraphiteError("\(name)(): windowSize must be between 0 and 1000000 points") }
                points = Int(v)
                preview = list.map(\.step).max()! * Int64(v)
            default:
                throw GraphiteError("\(name)(): windowSize must be a number of points or an interval")
            }
            var window = args.window
            window.from -= preview
            let tagName = "moving" + funcName.prefix(1).uppercased() + funcName.dropFirst()
            return try args.reevaluateFirst(window: window).map { s in
                let windowPoints = points ?? Int(preview / s.step)
                let label = windowText.map { "\"\($0)\"" } ?? String(windowPoints)
                let xff = args.has("xFilesFactor") ? args.number("xFilesFactor")! : s.xFilesFactor
                let values = s.points
                var out: [Double] = []
                if windowPoints < values.count {
                    out.reserveCapacity(values.count - windowPoints)
                    for i in windowPoints..<values.count {
                        let slice = values[(i - windowPoints)..<i]
                        let nonNull = slice.lazy.filter { !$0.isNaN }.count
                        out.append(nonNull > 0 && Double(nonNull) / Double(windowPoints) >= xff ? function.apply(slice) : .nan)
                    }
                }
                var result = s.with(name: "\(tagName)(\(s.name),\(label))", start: s.start + preview, values: out)
                result.tags[tagName] = windowText ?? String(windowPoints)
                return result
            }
        }
    }
}
