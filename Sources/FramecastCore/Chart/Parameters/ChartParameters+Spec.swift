extension ChartOptionValues {
    /// Runs every check `ChartSpec` makes on these options, each where its parameters are
    /// known, so the error names them structurally (never by reading the message).
    public func validate() throws(ChartParameterError) {
        func check(_ names: [ChartParameterName], _ body: () throws(ChartSpecError) -> Void) throws(ChartParameterError) {
            do { try body() } catch { throw ChartParameterError(names, .spec(error)) }
        }
        try check([.width]) { () throws(ChartSpecError) in try ChartSpec.validateWidth(width) }
        try check([.height]) { () throws(ChartSpecError) in try ChartSpec.validateHeight(height) }
        try check([.scale]) { () throws(ChartSpecError) in try ChartSpec.validateScale(scale) }
        try check([.width, .height, .scale]) { () throws(ChartSpecError) in
            try ChartSpec.validatePixels(width: width, height: height, scale: scale)
        }
        try check([.title]) { () throws(ChartSpecError) in try ChartSpec.validateTitle(title) }
        try check([.yMin, .yMax]) { () throws(ChartSpecError) in try leftAxis.validateRange(side: "left") }
        try check([.yLabel]) { () throws(ChartSpecError) in try leftAxis.validateLabel(side: "left") }
        try check([.rightYLabel]) { () throws(ChartSpecError) in try rightAxis.validateLabel(side: "right") }
        if kind == .stacked && leftAxis.log { throw ChartParameterError([.kind, .log], .spec(.stackedNeedsLinearAxis)) }
        try check([.rightAxis]) { () throws(ChartSpecError) in
            try ChartSpec.validateCounts(rightSeries: rightSeries.count, colors: 0, thresholds: 0, annotations: 0)
        }
        try check([.color]) { () throws(ChartSpecError) in
            try ChartSpec.validateCounts(rightSeries: 0, colors: colors.count, thresholds: 0, annotations: 0)
        }
        try check([.threshold]) { () throws(ChartSpecError) in
            try ChartSpec.validateCounts(rightSeries: 0, colors: 0, thresholds: thresholds.count, annotations: 0)
            for threshold in thresholds {
                try threshold.validate()
                if leftAxis.log && threshold.low <= 0 { throw .thresholdNotPositive(threshold.low) }
            }
        }
        try check([.annotation]) { () throws(ChartSpecError) in
            try ChartSpec.validateCounts(rightSeries: 0, colors: 0, thresholds: 0, annotations: annotations.count)
        }
    }
}

extension ChartParameters {
    /// The annotations, their times read against `now` in the chart's zone.
    public func annotations(now: EpochMillis) throws(ChartParameterError) -> [Annotation] {
        let parser = timestampParser
        return try options.annotations.map { text throws(ChartParameterError) in
            do throws(ChartSpecError) {
                return try Annotation(parsing: text, now: now, parser: parser)
            } catch {
                throw ChartParameterError(.annotation, .spec(error))
            }
        }
    }

    /// The spec for the window `[from, until)`, annotations read against `now`: the one place
    /// both the CLI and the HTTP API turn parameters into a `ChartSpec`.
    public func spec(from start: EpochMillis, until end: EpochMillis, now: EpochMillis) throws(ChartParameterError) -> ChartSpec {
        let annotations = try annotations(now: now)
        try options.validate()
        guard start < end else { throw ChartParameterError([.from, .until], .emptyTimeRange(from: start, until: end)) }
        do throws(ChartSpecError) {
            return try ChartSpec(
                width: options.width, height: options.height, scale: options.scale, from: start, until: end,
                title: options.title, theme: options.theme, timeZone: timeZone, kind: options.kind,
                leftAxis: options.leftAxis, rightAxis: options.rightAxis, rightSeries: options.rightSeries,
                colors: options.colors, legend: options.legend, thresholds: options.thresholds,
                annotations: annotations, missing: options.missing, sparkline: options.sparkline)
        } catch {
            // Every check above ran first; what is left is the zone (checked by `parse`) or the
            // right axis's range, which no parameter sets.
            throw ChartParameterError(error == .unknownTimeZone(timeZone) ? [.tz] : [], .spec(error))
        }
    }
}
