import ArgumentParser
import Foundation
import FramecastCore
import FramecastStore

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Remove series from the durable store (a data directory), durably.",
        discussion: """
            The removal is a log entry, replayed on every start, so it survives a crash like a write. \
            A series written again later starts empty. Stop the server first (it holds the directory), \
            or use its DELETE /api/v1/series?match=GLOB with the write token.

            Examples:
              framecast delete --data-dir data --match 'tmp.**' --dry-run
              framecast delete --data-dir data --match 'up;job=old'
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Series to remove, as a glob (as series= takes it; '**' is every series).", valueName: "glob"))
    var match: String

    @Flag(help: "List what would be removed, remove nothing.")
    var dryRun = false

    func validate() throws {
        if store.dataDir == nil { throw ValidationError("--data-dir is required") }
        do { _ = try Glob.validated(match) } catch { throw ValidationError("--match '\(match)': \(error)") }
    }

    func run() async throws {
        let glob = try Glob.validated(match)
        let engine = try await store.openEngine()
        let keys: [SeriesKey]
        do {
            if dryRun {
                let snapshot = await engine.snapshot()
                keys = snapshot.seriesIDs(matching: glob).map { snapshot.key(of: $0) }
            } else {
                keys = try await engine.deleteSeries(matching: glob)
            }
        } catch {
            try? await engine.close()
            throw CLIError("cannot delete from '\(store.dataDir ?? "")': \(error)")
        }
        try await engine.close()
        for key in keys.prefix(20) { print(key.canonical) }
        if keys.count > 20 { print("… and \(keys.count - 20) more") }
        print("\(dryRun ? "would delete" : "deleted") \(keys.count) series matching '\(match)'")
    }
}
