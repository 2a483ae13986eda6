extension GraphiteFunctions {
    static let alias: [GraphiteFunction] = [
        GraphiteFunction(
            "alias", group: "Alias", "Names every series newName.",
            params: [series(), GraphiteParam("newName", .string, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let name = args.string("newName")!
            return args.seriesList("seriesList").map { s in
                var s = s
                s.name = name
                return s
            }
        },
        byNodes("aliasByNode", "nodes", "Names each series by nodes of its path (0 is the first, -1 the last) or tags, joined by '.'."),
        // graphite-web's aliasByTags is aliasByNode under another parameter name.
        byNodes("aliasByTags", "tags", "Names each series by the values of tags (or nodes), joined by '.'."),
        GraphiteFunction(
            "aliasSub", group: "Alias",
            "Renames each series by a regular expression substitution; the replacement may use \\1 or \\g<name> for groups.",
            params: [series(), GraphiteParam("search", .string, required: true), GraphiteParam("replace", .string, required: true)],
            transparent: true
        ) { args throws(GraphiteError) in
            let regex = try compiled(args.string("search")!, in: "aliasSub")
            let replacement = args.string("replace")!
            var out = args.seriesList("seriesList")
            for i in out.indices {
                do { out[i].name = try regex.substitute(replacement, in: out[i].name) } catch {
                    throw GraphiteError("aliasSub(): \(error)")
                }
            }
            return out
        }
    ]

    private static func byNodes(_ name: String, _ parameter: String, _ description: String) -> GraphiteFunction {
        GraphiteFunction(
            name, group: "Alias", description, params: [series(), GraphiteParam(parameter, .nodeOrTag, required: true, multiple: true)],
            transparent: true
        ) { args throws(GraphiteError) in
            let nodes = args.nodes
            return args.seriesList("seriesList").map { s in
                var s = s
                s.name = key(s, nodes)
                return s
            }
        }
    }

    static let graph: [GraphiteFunction] = [
        GraphiteFunction(
            "color", group: "Graph", "Draws the series in a colour (a name or hex such as 'ff0000').",
            params: [series(), GraphiteParam("theColor", .string, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let color = args.string("theColor")!
            return args.seriesList("seriesList").map { s in
                var s = s
                s.options.color = color
                return s
            }
        },
        GraphiteFunction(
            "lineWidth", group: "Graph", "Draws the series with lines of this width.",
            params: [series(), GraphiteParam("width", .float, required: true)], transparent: true
        ) { args throws(GraphiteError) in
            let width = args.number("width")!
            return args.seriesList("seriesList").map { s in
                var s = s
                s.options.lineWidth = width
                return s
            }
        },
        GraphiteFunction(
            "dashed", group: "Graph", "Draws the series dashed (dash length 5 unless given).",
            params: [series(), GraphiteParam("dashLength", .integer, default: .int(5))], transparent: true
        ) { args throws(GraphiteError) in
            let length = args.number("dashLength") ?? 5
            return args.seriesList("seriesList").map { s in
                var s = s
                s.name = "dashed(\(s.name), \(g(length)))"
                s.tags["dashed"] = args.numberText("dashLength")
                s.options.dashed = length
                return s
            }
        },
        GraphiteFunction(
            "secondYAxis", group: "Graph", "Draws the series against the right-hand y axis.", params: [series()], transparent: true
        ) { args throws(GraphiteError) in
            args.seriesList("seriesList").map { s in
                var s = s
                s.name = "secondYAxis(\(s.name))"
                s.tags["secondYAxis"] = "1"
                s.options.secondYAxis = true
                return s
            }
        },
        GraphiteFunction(
            "stacked", group: "Graph", "Stacks the series on each other (each value becomes the running total of the stack).",
            params: [series(), GraphiteParam("stack", .string)]
        ) { args throws(GraphiteError) in
            let stackName = args.string("stack") ?? "__DEFAULT__"
            var totals = args.evaluator.stacks[stackName] ?? []
            let out = args.seriesList("seriesList").map { s in
                let values = s.values.indices.map { i -> Double in
                    if totals.count <= i { totals.append(0) }
                    guard !s.values[i].isNaN else { return .nan }
                    totals[i] += s.values[i]
                    return totals[i]
                }
                var result = s.with(name: stackName == "__DEFAULT__" ? "stacked(\(s.name))" : s.name, values: values)
                if stackName == "__DEFAULT__" { result.tags["stacked"] = stackName }
                result.options.stacked = true
                return result
            }
            args.evaluator.stacks[stackName] = totals
            return out
        }
    ]

    static let special: [GraphiteFunction] = [
        GraphiteFunction(
            "constantLine", group: "Special", "A horizontal line at a value across the whole range.",
            params: [GraphiteParam("value", .float, required: true)]
        ) { args throws(GraphiteError) in
            let value = args.number("value")!
            var line = constantLine(value, args.window, xFilesFactor: args.evaluator.xFilesFactor)
            line.name = args.numberText("value")
            line.tags = ["name": line.name]
            line.pathExpression = "constantLine(\(args.numberText("value")))"
            return [line]
        },
        GraphiteFunction(
            "consolidateBy", group: "Special",
            "How the series is consolidated when more values than pixels or maxDataPoints are drawn: average (default), sum, min, max, first, last, avg_zero.",
            params: [
                series(),
                GraphiteParam(
                    "consolidationFunc", .string, required: true,
                    options: ["average", "avg", "avg_zero", "first", "last", "max", "min", "sum"])
            ], transparent: true
        ) { args throws(GraphiteError) in
            let name = args.string("consolidationFunc")!
            guard let function = Aggregation(consolidation: name) else {
                throw GraphiteError("consolidateBy(): unknown function '\(name)'")
            }
            return args.seriesList("seriesList").map { s in
                var s = s
                s.consolidation = function
                s.tags["consolidateBy"] = name
                s.name = "consolidateBy(\(s.name),\"\(name)\")"
                s.pathExpression = s.name
                return s
            }
        },
        GraphiteFunction(
            "seriesByTag", group: "Special",
            "The series whose tags match every expression: 'tag=value', 'tag!=value', 'tag=~regex', 'tag!=~regex'.",
            params: [GraphiteParam("tagExpressions", .string, required: true, multiple: true)], transparent: true
        ) { _ throws(GraphiteError) in [] }
    ]

    /// Three points: the start, the middle and the end of the window (graphite-web's shape).
    static func constantLine(_ value: Double, _ window: GraphiteWindow, xFilesFactor: Double) -> GraphiteSeries {
        let step = Swift.max(1, (window.until - window.from) / 2)
        return GraphiteSeries(
            name: pythonRepr(value), start: window.from, end: window.until,
            step: step, values: [value, value, value], xFilesFactor: xFilesFactor)
    }
}
