/// What a parser produced from one batch of bytes: accepted points as columns, plus every
/// rejected line with its number and reason. Good lines are kept whatever the bad ones did.
public struct ParsedBatch: Sendable {
    /// Series seen in this batch; `series[i]` indexes `interner.keys`.
    public var interner = SeriesInterner()
    public var series: [Int32] = []
    public var times: [EpochMillis] = []
    public var values: [Double] = []
    /// The first `ParseOptions.maxReportedRejections` rejections, in line order.
    public var rejections: [LineRejection] = []
    /// All rejected lines, including those past the reporting cap.
    public var rejectedLines = 0
    /// Lines read (non-empty, non-comment).
    public var linesRead = 0
    /// Influx fields that carry strings: not metrics, skipped without rejecting their line.
    public var skippedFields = 0

    /// Series already in the seed interner when the batch was made: their ids are the seed's.
    public private(set) var seededSeries = 0

    public init() {}

    /// A batch whose interner starts as a copy of `seed` (the aggregator's): known series are
    /// found by a hash lookup and keep the seed's ids, so no key is rebuilt per batch and the
    /// aggregator maps ids without lookups. New series get ids after the seed's.
    public init(seed: SeriesInterner) {
        interner = seed
        seededSeries = seed.count
    }

    public var keys: [SeriesKey] { interner.keys }
    public var acceptedPoints: Int { values.count }

    @inline(__always)
    mutating func append(series id: Int32, time: EpochMillis, value: Double) {
        series.append(id)
        times.append(time)
        values.append(value)
    }

    mutating func reject(line: Int, _ reason: LineRejection.Reason, limit: Int) {
        rejectedLines += 1
        if rejections.count < limit { rejections.append(LineRejection(line: line, reason: reason)) }
    }

    mutating func reserve(_ points: Int) {
        series.reserveCapacity(points)
        times.reserveCapacity(points)
        values.reserveCapacity(points)
    }

    /// Splits the columns into one sorted `SeriesData` per series that has points.
    public func seriesData() -> [SeriesData] {
        var times = Array(repeating: [EpochMillis](), count: keys.count)
        var values = Array(repeating: [Double](), count: keys.count)
        for i in series.indices {
            let id = Int(series[i])
            times[id].append(self.times[i])
            values[id].append(self.values[i])
        }
        return keys.indices.filter { !times[$0].isEmpty }.map {
            SeriesData(key: keys[$0], times: times[$0], values: values[$0])
        }
    }
}

/// One rejected input line.
public struct LineRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number in the batch.
    public let line: Int
    public let reason: Reason

    public enum Reason: Error, Equatable, Sendable, CustomStringConvertible {
        /// The line does not have the shape of the format; the text says what was expected.
        case malformed(String)
        /// The value field is not a number.
        case badValue(String)
        /// The value is NaN or infinite: never stored, it would poison min/max/sum.
        case nonFiniteValue
        /// The timestamp field cannot be read.
        case badTimestamp(String)
        /// The timestamp is readable but outside 1970-01-01 … 2199-12-31.
        case timestampOutOfRange(String)
        /// The series name is empty.
        case emptyName
        /// The series name (with tags) is longer than the limit.
        case nameTooLong(length: Int, limit: Int)
        /// The name holds a byte that is not allowed (control, space, quote, glob character…).
        case forbiddenCharacter(String)
        /// The name is not valid UTF-8.
        case invalidUTF8

        public var description: String {
            switch self {
            case .malformed(let why): return why
            case .badValue(let text): return "value '\(text)' is not a number"
            case .nonFiniteValue: return "value is NaN or infinite; only finite numbers are stored"
            case .badTimestamp(let text):
                return "timestamp '\(text)' is not epoch seconds/milliseconds or YYYY-MM-DD[ HH:MM:SS]"
            case .timestampOutOfRange(let text): return "timestamp '\(text)' is outside 1970-01-01 … 2199-12-31"
            case .emptyName: return "series name is empty"
            case .nameTooLong(let length, let limit): return "series name is \(length) bytes; the limit is \(limit)"
            case .forbiddenCharacter(let what):
                return
                    "series name contains \(what); names may not contain spaces, control characters, quotes, \\ or glob characters * ? [ ] { }"
            case .invalidUTF8: return "series name is not valid UTF-8"
            }
        }
    }

    public var description: String { "line \(line): \(reason)" }
}

/// Options shared by every parser.
public struct ParseOptions: Sendable {
    /// Series name for inputs that carry none (a two-column CSV file): usually the file's name.
    public var defaultSeries: String
    public var timestamps: TimestampParser
    /// Time given to points whose line has no timestamp (Graphite `-1`, Influx without one).
    public var now: EpochMillis
    public var maxNameLength: Int
    public var maxReportedRejections: Int
    /// Influx timestamp unit when the line carries one (Influx defaults to nanoseconds).
    public var influxPrecision: InfluxPrecision

    /// `m` and `h` are InfluxDB 1.x's minute and hour precisions (its `/write?precision=`).
    public enum InfluxPrecision: String, Sendable, CaseIterable {
        case ns, us, ms, s, m, h

        var divisorToMillis: Int64 {
            switch self {
            case .ns: return 1_000_000
            case .us: return 1000
            case .ms: return 1
            case .s: return -1000
            case .m: return -60_000
            case .h: return -3_600_000
            }
        }
    }

    public init(
        defaultSeries: String = "value", timestamps: TimestampParser = TimestampParser(),
        now: EpochMillis = 0, maxNameLength: Int = 512, maxReportedRejections: Int = 1000,
        influxPrecision: InfluxPrecision = .ns
    ) {
        self.defaultSeries = defaultSeries
        self.timestamps = timestamps
        self.now = now
        self.maxNameLength = maxNameLength
        self.maxReportedRejections = maxReportedRejections
        self.influxPrecision = influxPrecision
    }
}
