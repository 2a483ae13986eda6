import ArgumentParser
import Foundation
import FramecastCore
import FramecastStore

/// Options shared by the commands that open a data directory (ingest, export, serve).
struct StoreOptions: ParsableArguments {
    static let defaultPolicy = "1s:10m,1m:1d,1h:1y"

    @Option(help: ArgumentHelp("Data directory of the durable store (created when missing).", valueName: "dir"))
    var dataDir: String?

    @Option(
        name: .customLong("retention"),
        help: ArgumentHelp(
            "Retention rule GLOB=POLICY in Graphite's form, e.g. 'app.*.cpu=1s:6h,1m:7d' (repeatable, first match wins); a POLICY without GLOB= sets the default (\(defaultPolicy)).",
            valueName: "rule"))
    var retention: [String] = []

    @Option(help: ArgumentHelp("How much older than a series' newest point a late point may be (e.g. 1h, 30min).", valueName: "duration"))
    var lateness: String?

    @Option(
        help: ArgumentHelp(
            "JSON config file: {\"retention\": [\"GLOB=POLICY\", …], \"defaultRetention\": \"POLICY\", \"lateness\": \"1h\", \"scrape\": [{\"url\": URL, \"job\": J, \"interval\": \"15s\", \"timeout\": \"10s\", \"labels\": {…}}, …]}. Flags win over it.",
            valueName: "file"))
    var config: String?

    struct ConfigFile: Decodable {
        var retention: [String]?
        var defaultRetention: String?
        var lateness: String?
        /// `serve`'s scrape targets (see `ScrapeEntry`); other commands ignore them.
        var scrape: [ScrapeEntry]?
    }

    /// One scrape target of the config file, as a Prometheus `static_configs` entry:
    /// `{"url": "http://10.0.0.1:9100/metrics", "job": "node", "interval": "15s", "timeout": "10s",
    /// "labels": {"env": "prod"}}`; all but `url` optional.
    struct ScrapeEntry: Decodable {
        var url: String
        var job: String?
        var interval: String?
        var timeout: String?
        var labels: [String: String]?
    }

    /// The config file's contents (empty without `--config`).
    func configFile() throws -> ConfigFile {
        guard let config else { return ConfigFile() }
        do {
            return try JSONDecoder().decode(ConfigFile.self, from: Data(contentsOf: URL(fileURLWithPath: config)))
        } catch let error as DecodingError {
            throw CLIError("config '\(config)' is not valid: \(Self.describe(error))")
        } catch {
            throw CLIError("cannot read config '\(config)': \(InputLoader.reason(error))")
        }
    }

    /// Retention rules and aggregator settings from the config file, then the flags.
    func engineOptions() throws -> IngestEngine.Options {
        let file = try configFile()
        var ruleTexts = file.retention ?? []
        var defaultText = file.defaultRetention ?? Self.defaultPolicy
        for entry in retention {
            if entry.contains("=") { ruleTexts.append(entry) } else { defaultText = entry }
        }
        // Flags come after the file's rules but must win: put them first (first match wins).
        let flagRules = retention.filter { $0.contains("=") }
        ruleTexts = flagRules + ruleTexts.filter { !flagRules.contains($0) }
        let rules: RetentionRules
        do {
            rules = try RetentionRules(parsing: ruleTexts, default: RetentionPolicy(defaultText))
        } catch {
            throw CLIError("retention: \(error)")
        }
        var aggregator = AggregatorConfig()
        if let text = lateness ?? file.lateness {
            guard let millis = TimeExpression.parseDuration(Substring(text)) else {
                throw CLIError("lateness '\(text)' is not a duration such as 30min, 1h or 2d")
            }
            aggregator.lateness = millis
        }
        return IngestEngine.Options(rules: rules, aggregator: aggregator)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "at '\(path)': ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// Opens the engine on `--data-dir`, reporting what recovery found.
    func openEngine(_ configure: (inout IngestEngine.Options) -> Void = { _ in }) async throws -> IngestEngine {
        guard let dataDir else { throw CLIError("--data-dir is required") }
        var options = try engineOptions()
        configure(&options)
        let engine: IngestEngine
        do {
            engine = try await IngestEngine(directory: dataDir, options: options)
        } catch {
            throw CLIError("cannot open data directory '\(dataDir)': \(error)")
        }
        if !engine.recovery.log.isClean { warning("recovered \(dataDir): \(engine.recovery)") }
        return engine
    }
}
