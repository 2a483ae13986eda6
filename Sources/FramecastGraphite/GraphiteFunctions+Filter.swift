extension GraphiteFunctions {
    static let filter: [GraphiteFunction] = [
        ranking("highestMax", .max, highest: true, "The n series with the highest maxima."),
        ranking("highestCurrent", .last, highest: true, "The n series with the highest last values."),
        ranking("highestAverage", .average, highest: true, "The n series with the highest averages."),
        ranking("lowestAverage", .average, highest: false, "The n series with the lowest averages."),
        ranking("lowestCurrent", .last, highest: false, "The n series with the lowest last values."),
        GraphiteFunction(
            "highest", group: "Filter Series", "The n series highest by the function given (average by default).",
            params: [
                series(), GraphiteParam("n", .integer, required: true),
                GraphiteParam("func", .aggFunc, default: .string("average"), options: Aggregation.names)
            ]
        ) { args throws(GraphiteError) in
            try rank(args, Aggregation(named: args.string("func") ?? "average"), highest: true)
        },
        GraphiteFunction(
            "lowest", group: "Filter Series", "The n series lowest by the function given (average by default).",
            params: [
                series(), GraphiteParam("n", .integer, required: true),
                GraphiteParam("func", .aggFunc, default: .string("average"), options: Aggregation.names)
            ]
        ) { args throws(GraphiteError) in
            try rank(args, Aggregation(named: args.string("func") ?? "average"), highest: false)
        },
        threshold("maximumAbove", .max, above: true, "The series whose maximum is above n."),
        threshold("maximumBelow", .max, above: false, "The series whose maximum is at or below n."),
        threshold("minimumAbove", .min, above: true, "The series whose minimum is above n."),
        threshold("averageAbove", .average, above: true, "The series whose average is above n."),
        threshold("averageBelow", .average, above: false, "The series whose average is at or below n."),
        threshold("currentAbove", .last, above: true, "The series whose last value is above n."),
        threshold("currentBelow", .last, above: false, "The series whose last value is at or below n."),
        GraphiteFunction(
            "limit", group: "Filter Series", "The first n series.", params: [series(), GraphiteParam("n", .integer, required: true)],
            transparent: true
        ) {
            args throws(GraphiteError) in
            Array(args.seriesList("seriesList").prefix(Swift.max(0, args.integer("n") ?? 0)))
        },
        GraphiteFunction(
            "exclude", group: "Filter Series", "The series whose names do not match the regular expression.",
            params: [series(), GraphiteParam("pattern", .string, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let regex = try compiled(args.string("pattern")!, in: "exclude")
            return args.seriesList("seriesList").filter { !regex.search($0.name) }
        },
        GraphiteFunction(
            "grep", group: "Filter Series", "The series whose names match the regular expression.",
            params: [series(), GraphiteParam("pattern", .string, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let regex = try compiled(args.string("pattern")!, in: "grep")
            return args.seriesList("seriesList").filter { regex.search($0.name) }
        },
        GraphiteFunction(
            "removeBelowValue", group: "Filter Data", "Removes values below n (they become missing).",
            params: [series(), GraphiteParam("n", .float, required: true)]
        ) { args throws(GraphiteError) in
            let n = args.number("n")!
            return args.seriesList("seriesList").map { s in
                var out = s.with(name: "removeBelowValue(\(s.name), \(g(n)))", values: s.values.map { $0 < n ? .nan : $0 })
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction(
            "removeAboveValue", group: "Filter Data", "Removes values above n (they become missing).",
            params: [series(), GraphiteParam("n", .float, required: true)]
        ) { args throws(GraphiteError) in
            let n = args.number("n")!
            return args.seriesList("seriesList").map { s in
                var out = s.with(name: "removeAboveValue(\(s.name), \(g(n)))", values: s.values.map { $0 > n ? .nan : $0 })
                out.pathExpression = out.name
                return out
            }
        },
        GraphiteFunction("sortByMaxima", group: "Sorting", "Sorts the series by their maxima, highest first.", params: [series()]) {
            args throws(GraphiteError) in
            sorted(args.seriesList("seriesList"), by: .max, descending: true)
        },
        GraphiteFunction(
            "sortBy", group: "Sorting", "Sorts the series by the function given (average by default), lowest first unless reverse.",
            params: [
                series(), GraphiteParam("func", .aggFunc, default: .string("average"), options: Aggregation.names),
                GraphiteParam("reverse", .boolean, default: .bool(false))
            ]
        ) { args throws(GraphiteError) in
            guard let function = Aggregation(named: args.string("func") ?? "average") else {
                throw GraphiteError("sortBy(): unknown function")
            }
            return sorted(args.seriesList("seriesList"), by: function, descending: args.bool("reverse"))
        },
        GraphiteFunction(
            "sortByName", group: "Sorting", "Sorts the series by name; natural sorts numbers within names by value.",
            params: [
                series(), GraphiteParam("natural", .boolean, default: .bool(false)),
                GraphiteParam("reverse", .boolean, default: .bool(false))
            ],
            transparent: true
        ) { args throws(GraphiteError) in
            let natural = args.bool("natural")
            let reverse = args.bool("reverse")
            let keyed = args.seriesList("seriesList").map { (natural ? naturalKey($0.name) : $0.name, $0) }
            // Python's sort is stable, with reverse=True too.
            let order = keyed.indices.sorted { a, b in
                let (x, y) = (keyed[a].0, keyed[b].0)
                if x == y { return a < b }
                return reverse ? x > y : x < y
            }
            return order.map { keyed[$0].1 }
        }
    ]

    private static func ranking(_ name: String, _ function: Aggregation, highest: Bool, _ description: String) -> GraphiteFunction {
        GraphiteFunction(name, group: "Filter Series", description, params: [series(), GraphiteParam("n", .integer, required: true)]) {
            args throws(GraphiteError) in
            try rank(args, function, highest: highest)
        }
    }

    private static func rank(_ args: FunctionArguments, _ function: Aggregation?, highest: Bool) throws(GraphiteError) -> [GraphiteSeries] {
        guard let function else { throw GraphiteError("\(args.function.name)(): unknown function") }
        let n = Swift.max(0, args.integer("n") ?? 1)
        return Array(sorted(args.seriesList("seriesList"), by: function, descending: highest).prefix(n))
    }

    /// Stable sort by an aggregate, a missing aggregate counting as −∞ (`keyFunc`).
    static func sorted(_ series: [GraphiteSeries], by function: Aggregation, descending: Bool) -> [GraphiteSeries] {
        let keys = series.map { s -> Double in
            let v = function.apply(s.points)
            return v.isNaN ? -.infinity : v
        }
        let order = series.indices.sorted { a, b in
            if keys[a] == keys[b] { return a < b }
            return descending ? keys[a] > keys[b] : keys[a] < keys[b]
        }
        return order.map { series[$0] }
    }

    private static func threshold(_ name: String, _ function: Aggregation, above: Bool, _ description: String) -> GraphiteFunction {
        GraphiteFunction(name, group: "Filter Series", description, params: [series(), GraphiteParam("n", .float, required: true)]) {
            args throws(GraphiteError) in
            let n = args.number("n")!
            return args.seriesList("seriesList").filter { s in
                let v = function.apply(s.points)
                guard !v.isNaN else { return false }
                return above ? v > n : v <= n
            }
        }
    }

    public static func compiled(_ pattern: String, in function: String) throws(GraphiteError) -> GraphiteRegex {
        do { return try GraphiteRegex(pattern) } catch { throw GraphiteError("\(function)(): \(error)") }
    }

    /// Digits runs zero-padded to 10 places, as graphite-web's natural sort key.
    static func naturalKey(_ name: String) -> String {
        var out = ""
        var digits = ""
        func flush() {
            if !digits.isEmpty {
                out += digits.count < 10 ? String(repeating: "0", count: 10 - digits.count) + digits : digits
                digits = ""
            }
        }
        for c in name {
            if c.isASCIIDigit {
                digits.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }
}
