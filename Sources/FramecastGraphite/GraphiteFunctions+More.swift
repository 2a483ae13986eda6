import Foundation

extension GraphiteFunctions {
    /// The less common functions people still have in dashboards, with graphite-web's names.
    static let more: [GraphiteFunction] = [
        GraphiteFunction(
            "aliasByMetric", group: "Alias", "Names each series by the last node of its path.", params: [series()], transparent: true
        ) {
            args throws(GraphiteError) in substr(args.seriesList("seriesList"), start: -1, stop: 0)
        },
        GraphiteFunction(
            "substr", group: "Special", "Names each series by the nodes from start to stop of the path inside any function call.",
            params: [series(), GraphiteParam("start", .node, default: .int(0)), GraphiteParam("stop", .node, default: .int(0))],
            transparent: true
        ) { args throws(GraphiteError) in
            substr(args.seriesList("seriesList"), start: args.integer("start") ?? 0, stop: args.integer("stop") ?? 0)
        },
        GraphiteFunction(
            "removeEmptySeries", group: "Filter Series", "Drops the series without values (or with fewer than xFilesFactor of them).",
            params: [series(), GraphiteParam("xFilesFactor", .float)]
        ) { args throws(GraphiteError) in
            let xff = args.has("xFilesFactor") ? args.number("xFilesFactor")! : 0
            return args.seriesList("seriesList").filter { s in
                let p = s.points
                let nonNull = p.lazy.filter { !$0.isNaN }.count
                return nonNull > 0 && Double(nonNull) / Double(p.count) >= xff
            }
        },
        GraphiteFunction("sortByTotal", group: "Sorting", "Sorts the series by their sums, highest first.", params: [series()]) {
            args throws(GraphiteError) in sorted(args.seriesList("seriesList"), by: .sum, descending: true)
        },
        GraphiteFunction(
            "sortByMinima", group: "Sorting", "Sorts the series by their minima, lowest first, leaving out those never above 0.",
            params: [series()]
        ) { args throws(GraphiteError) in
            let kept = args.seriesList("seriesList").filter { s in
                let m = Aggregation.max.apply(s.points)
                return (m.isNaN ? 0 : m) > 0
            }
            return sorted(kept, by: .min, descending: false)
        },
        GraphiteFunction(
            "nPercentile", group: "Calculate", "A flat line at the n-th percentile of each series' values.",
            params: [series(), GraphiteParam("n", .float, required: true)]
        ) { args throws(GraphiteError) in
            let n = args.number("n")!
            guard n != 0 else { throw GraphiteError("nPercentile(): the requested percent must be greater than 0") }
            return args.seriesList("seriesList").compactMap { s in
                guard let value = percentile(s.points, n, interpolate: false) else { return nil }
                var out = s.with(
                    name: "nPercentile(\(s.name), \(g(n)))", values: Array(repeating: value, count: Int((s.end - s.start) / s.step)))
                out.tags["nPercentile"] = args.numberText("n")
                return out
            }
        },
        GraphiteFunction(
            "percentileOfSeries", group: "Combine", "The n-th percentile of the series' values at each point.",
            params: [series(), GraphiteParam("n", .float, required: true), GraphiteParam("interpolate", .boolean, default: .bool(false))],
            aggregator: true
        ) { args throws(GraphiteError) in
            let n = args.number("n")!
            guard n > 0 else { throw GraphiteError("percentileOfSeries(): the requested percent must be greater than 0") }
            let list = args.seriesList("seriesList")
            guard let (normalized, start, end, step) = normalize([list]) else { return [] }
            let (count, points) = rows(normalized)
            let interpolate = args.bool("interpolate")
            let values = (0..<count).map { i in percentile(points.map { i < $0.count ? $0[i] : .nan }, n, interpolate: interpolate) ?? .nan
            }
            return [
                GraphiteSeries(
                    name: "percentileOfSeries(\(list[0].pathExpression),\(g(n)))", start: start, end: end, step: step, values: values,
                    xFilesFactor: args.evaluator.xFilesFactor)
            ]
        },
        GraphiteFunction(
            "changed", group: "Special", "1 where the value differs from the one before it, else 0.", params: [series()]
        ) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var previous = Double.nan
                var first = true
                let values = s.values.map { v -> Double in
                    if first || previous.isNaN {
                        first = false
                        previous = v
                        return 0
                    }
                    if !v.isNaN, v != previous {
                        previous = v
                        return 1
                    }
                    return 0
                }
                var out = s.with(name: "changed(\(s.name))", values: values)
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "delay", group: "Transform", "Shifts the values by a number of steps (later when positive).",
            params: [series(), GraphiteParam("steps", .integer, required: true)]
        ) { args throws(GraphiteError) in
            let steps = args.integer("steps")!
            return args.seriesList("seriesList").map { s in
                let n = s.values.count
                let k = Swift.min(abs(steps), n)
                let values =
                    steps < 0
                    ? Array(s.values.dropFirst(k)) + Array(repeating: .nan, count: k)
                    : Array(repeating: .nan, count: k) + Array(s.values.dropLast(steps == 0 ? n : k).prefix(steps == 0 ? 0 : n - k))
                var out = s.with(name: "delay(\(s.name),\(steps))", values: values)
                out.tags["delay"] = String(steps)
                return out
            }
        },
        pointwise("invert", tag: "invert", "1 divided by each value.") { v in v == 0 ? .nan : Foundation.pow(v, -1) },
        pointwise("squareRoot", tag: "squareRoot", "The square root of each value.") { v in v < 0 ? .nan : v.squareRoot() },
        // safePow: an overflow is a missing value.
        withFactor("pow", "Each value raised to a power.") { v, p in
            let r = Foundation.pow(v, p)
            return r.isFinite ? r : .nan
        },
        GraphiteFunction(
            "log", group: "Transform", "The logarithm of each value (base 10 unless given); values ≤ 0 become missing.",
            params: [series(), GraphiteParam("base", .integer, default: .int(10))]
        ) { args throws(GraphiteError) in
            let base = args.number("base") ?? 10
            guard base > 0, base != 1 else { throw GraphiteError("log(): the base must be positive and not 1") }
            return args.seriesList("seriesList").map { s in
                var out = s.with(
                    name: "log(\(s.name), \(args.numberText("base")))",
                    values: s.values.map { $0 > 0 ? Foundation.log($0) / Foundation.log(base) : .nan })
                out.tags["log"] = args.numberText("base")
                return out
            }
        },
        GraphiteFunction("minMax", group: "Transform", "Scales each series to 0…1 between its minimum and maximum.", params: [series()]) {
            args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                let low = Aggregation.min.apply(s.points)
                let high = Aggregation.max.apply(s.points)
                let (lo, hi) = (low.isNaN ? 0 : low, high.isNaN ? 0 : high)
                var out = s.with(name: "minMax(\(s.name))", values: s.values.map { v in v.isNaN ? v : hi == lo ? 0 : (v - lo) / (hi - lo) })
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction("offsetToZero", group: "Transform", "Subtracts each series' minimum from its values.", params: [series()]) {
            args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                let low = Aggregation.min.apply(s.points)
                var out = s.with(name: "offsetToZero(\(s.name))", values: s.values.map { $0 - low })
                out.tags["offsetToZero"] = low.isNaN ? "None" : pythonRepr(low)
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction("isNonNull", group: "Transform", "1 where there is a value, 0 where it is missing.", params: [series()]) {
            args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var out = s.with(name: "isNonNull(\(s.name))", values: s.points.map { $0.isNaN ? 0 : 1 })
                out.step = s.step * Int64(s.valuesPerPoint)
                out.tags["isNonNull"] = "1"
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "cumulative", group: "Special", "Consolidates by sum when there are more values than pixels (consolidateBy 'sum').",
            params: [series()], transparent: true
        ) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var s = s
                s.consolidation = .sum
                s.tags["consolidateBy"] = "sum"
                s.name = "consolidateBy(\(s.name),\"sum\")"
                s.pathExpression = s.name
                return s
            }
        },
        GraphiteFunction(
            "fallbackSeries", group: "Special", "The series, or the fallback when there are none.",
            params: [series(), GraphiteParam("fallback", .seriesList, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let list = args.seriesList("seriesList")
            return list.isEmpty ? args.seriesList("fallback") : list
        },
        GraphiteFunction(
            "interpolate", group: "Transform",
            "Fills gaps of at most `limit` missing values on the straight line between their neighbours.",
            params: [series(), GraphiteParam("limit", .intOrInf, default: .infinity)]
        ) { args throws(GraphiteError) in
            let limit = args.number("limit") ?? .infinity
            return args.seriesList("seriesList").map { s in
                var values = s.values
                var missing = 0
                for i in values.indices.dropFirst() {
                    if values[i].isNaN {
                        missing += 1
                        continue
                    }
                    defer { missing = 0 }
                    guard missing > 0, !values[i - missing - 1].isNaN, Double(missing) <= limit else { continue }
                    let before = values[i - missing - 1]
                    for k in (i - missing)..<i {
                        values[k] = before + Double(k - (i - missing - 1)) * (values[i] - before) / Double(missing + 1)
                    }
                }
                var out = s.with(name: "interpolate(\(s.name))", values: values)
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "alpha", group: "Graph", "Draws the series with this opacity (accepted; Framecast's colours keep their own).",
            params: [series(), GraphiteParam("alpha", .float, required: true)], transparent: true
        ) { args throws(GraphiteError) in args.seriesList("seriesList") },
        GraphiteFunction(
            "exponentialMovingAverage", group: "Calculate", "The exponential moving average over a window of points or a time.",
            params: [series(), GraphiteParam("windowSize", .intOrInterval, required: true)]
        ) { args throws(GraphiteError) in
            let list = args.seriesList("seriesList")
            guard !list.isEmpty else { return [] }
            let preview: Int64
            var constant: Double
            var label: String?
            switch args.bound["windowSize"]! {
            case .string(let text):
                do { preview = abs(try GraphiteTime.offsetSeconds(text)) } catch {
                    throw GraphiteError("exponentialMovingAverage(): \(error)")
                }
                constant = 2 / (Double(preview) + 1)
                label = text
            case .number(let v, _):
                guard v >= 0, v <= 1_000_000 else { throw GraphiteError("exponentialMovingAverage(): windowSize must be 0…1000000 points") }
                preview = list.map(\.step).max()! * Int64(v)
                constant = 2 / (v + 1)
            default:
                throw GraphiteError("exponentialMovingAverage(): windowSize must be a number of points or an interval")
            }
            var window = args.window
            window.from -= preview
            return try args.reevaluateFirst(window: window).map { s in
                let points = label == nil ? Int(preview / Swift.max(1, list.map(\.step).max()!)) : Int(preview / s.step)
                let values = s.points
                var ema = Aggregation.average.apply(values.prefix(points))
                if ema.isNaN || ema == 0 { ema = 0 }
                var out = [roundHalfEven(ema, digits: 6)]
                if points < values.count {
                    for i in points..<values.count {
                        if values[i].isNaN {
                            out.append(.nan)
                        } else {
                            ema = constant * values[i] + (1 - constant) * ema
                            out.append(roundHalfEven(ema, digits: 6))
                        }
                    }
                }
                let name =
                    label.map { "exponentialMovingAverage(\(s.name),\"\($0)\")" }
                    ?? "exponentialMovingAverage(\(s.name),\(args.numberText("windowSize")))"
                var result = s.with(name: name, start: s.start + preview, values: out)
                result.tags["exponentialMovingAverage"] = label ?? args.numberText("windowSize")
                return result
            }
        }
    ]

    private static func pointwise(_ name: String, tag: String, _ description: String, _ f: @escaping @Sendable (Double) -> Double)
        -> GraphiteFunction
    {
        GraphiteFunction(name, group: "Transform", description, params: [series()]) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var out = s.with(name: "\(name)(\(s.name))", values: s.values.map { $0.isNaN ? $0 : f($0) })
                out.tags[tag] = "1"
                out.pathExpression = out.name
                return out
            }
        }
    }

    /// graphite-web's `substr`: the nodes of the innermost call's first argument.
    static func substr(_ list: [GraphiteSeries], start: Int, stop: Int) -> [GraphiteSeries] {
        list.map { s in
            var s = s
            let name = s.name
            let left = name.lastIndex(of: "(").map { name.index(after: $0) } ?? name.startIndex
            let right = name.firstIndex(of: ")") ?? name.endIndex
            let clean = left <= right ? String(name[left..<right]) : ""
            let parts = clean.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            func index(_ i: Int) -> Int { i < 0 ? Swift.max(0, parts.count + i) : Swift.min(i, parts.count) }
            let lower = index(start)
            let upper = stop == 0 ? parts.count : index(stop)
            var result = lower < upper ? parts[lower..<upper].joined(separator: ".") : ""
            if let comma = result.firstIndex(of: ",") { result = String(result[..<comma]) }
            s.name = result
            return s
        }
    }

    /// graphite-web's `_getPercentile` (nearest rank, or interpolated).
    static func percentile(_ values: [Double], _ n: Double, interpolate: Bool) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        // Clamped: a percent of 1e30 must not overflow the rank (it is the largest value).
        let fractionalRank = Swift.min(Swift.max((n / 100) * Double(sorted.count + 1), 0), Double(sorted.count + 1))
        var rank = Int(fractionalRank)
        let fraction = fractionalRank - Double(rank)
        if !interpolate { rank += Int(fraction.rounded(.up)) }
        var value: Double
        if rank == 0 {
            value = sorted[0]
        } else if rank - 1 >= sorted.count {
            value = sorted[sorted.count - 1]
        } else {
            value = sorted[rank - 1]
        }
        if interpolate, rank < sorted.count {
            value += fraction * (sorted[rank] - value)
        }
        return value
    }
}
