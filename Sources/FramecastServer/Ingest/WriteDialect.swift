import FramecastCore

/// The three write endpoints: Framecast's own and the two InfluxDB-compatible ones. They differ
/// in the query parameters they take and in how they answer (JSON counts vs Influx's 204).
enum WriteDialect: String, Sendable {
    /// `POST /api/v1/write`: any format; the reply lists counts and rejected lines.
    case framecast = "api_v1"
    /// `POST /write` (InfluxDB 1.x): `db`, `rp`, `precision` n/u/ms/s/m/h; 204 when all stored.
    case influxV1 = "influx_v1"
    /// `POST /api/v2/write` (InfluxDB 2.x): `org`, `bucket`, `precision` ns/us/ms/s; 204.
    case influxV2 = "influx_v2"

    var allowedParameters: Set<String> {
        switch self {
        case .framecast: return ["format", "precision", "series", "tz"]
        case .influxV1: return ["db", "rp", "precision", "u", "p", "consistency"]
        case .influxV2: return ["org", "orgID", "bucket", "precision"]
        }
    }

    /// Precision names each dialect accepts.
    func precision(_ text: String) -> ParseOptions.InfluxPrecision? {
        switch (self, text) {
        case (.influxV1, "n"), (.framecast, "n"): return .ns
        case (.influxV1, "u"), (.framecast, "u"): return .us
        case (.influxV1, _), (.framecast, _): return ParseOptions.InfluxPrecision(rawValue: text)
        case (.influxV2, _): return ["ns", "us", "ms", "s"].contains(text) ? ParseOptions.InfluxPrecision(rawValue: text) : nil
        }
    }
}
