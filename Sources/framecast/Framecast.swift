import ArgumentParser

@main
struct Framecast: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framecast",
        abstract: "Streaming metrics to chart frames: PNG rasters and SVG overlays.",
        subcommands: [
            ServeCommand.self, ExportCommand.self, IngestCommand.self, DeleteCommand.self, SignCommand.self, SnippetsCommand.self
        ]
    )
}
