// swift-tools-version:6.1
import Foundation
import PackageDescription

// Layers (see DESIGN.md): arrows point down only.
//   framecast (CLI) -> FramecastServer (Hummingbird) -> FramecastRender, FramecastStore, FramecastGraphite
//                      FramecastGraphite -> FramecastCore
//   framecast (CLI) -> FramecastRender -> FramecastCore
//   framecast (CLI) -> FramecastStore (SQLite through GRDB) -> FramecastCore
//                      FramecastRender -> CCairo, CPNGWriter -> CPNG
// FramecastCore is pure Swift with no I/O so it is fast to test and to benchmark.
let package = Package(
    name: "Framecast",
    // macOS 15: `Synchronization.Mutex` guards shared state in every target.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "framecast", targets: ["framecast"]),
        .library(name: "FramecastCore", targets: ["FramecastCore"]),
        .library(name: "FramecastRender", targets: ["FramecastRender"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2")
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // libpng reports errors with setjmp/longjmp, which Swift cannot catch: the calls live in C.
        // libdeflate (Debian libdeflate-dev) compresses the PNG rows; libpng still decodes.
        .target(name: "CPNGWriter", dependencies: ["CPNG"], linkerSettings: [.linkedLibrary("deflate")]),
        .target(name: "FramecastCore"),
        .target(name: "FramecastRender", dependencies: ["FramecastCore", "CCairo", "CPNGWriter"]),
        // graphite-web's render API: the target language, its functions and output formats, over
        // an engine snapshot (no I/O; the server maps it onto HTTP and the renderer).
        .target(name: "FramecastGraphite", dependencies: ["FramecastCore"]),
        // Wire protocols that need a codec library (remote_write: protobuf + snappy), kept out of
        // FramecastCore so Core stays free of I/O and dependencies.
        .target(
            name: "FramecastProtocols",
            dependencies: ["FramecastCore", "CSnappy", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(
            name: "FramecastStore",
            dependencies: [
                "FramecastCore", .product(name: "GRDB", package: "GRDB.swift"),
                // The engine's checkpoint timer runs as a `Service` under the server's service group.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
            ]),
        .target(
            name: "FramecastServer",
            dependencies: [
                "FramecastProtocols", "FramecastGraphite",
                "FramecastCore", "FramecastRender", "FramecastStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "DequeModule", package: "swift-collections"),
                // The scraper's HTTP client (`serve --scrape`).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // The edge guards sit in the server's pipeline (`Sources/FramecastServer/Edge`).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras")
            ]
        ),
        .executableTarget(
            name: "framecast",
            dependencies: [
                "FramecastCore", "FramecastRender", "FramecastStore", "FramecastServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                // `export --server`.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio")
            ]
        ),
        .testTarget(
            name: "FramecastServerTests",
            dependencies: [
                "FramecastServer", "FramecastCore", "FramecastRender", "FramecastStore", "FramecastTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio")
            ]
        ),
        // Timing tools for BENCHMARKS.md and scripts/compare (`make bench-tools`): not shipped in
        // the `framecast` CLI.
        .executableTarget(
            name: "framecast-bench",
            dependencies: [
                "FramecastCore", "FramecastRender", "FramecastServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            path: "Sources/framecast-bench"),
        // What the tests and the crash child share; no product target depends on it.
        .target(name: "FramecastTestSupport", dependencies: ["FramecastStore", "FramecastCore", "CSnappy"]),
        .testTarget(name: "FramecastCoreTests", dependencies: ["FramecastCore"]),
        .testTarget(name: "FramecastGraphiteTests", dependencies: ["FramecastGraphite", "FramecastCore"]),
        .testTarget(name: "FramecastProtocolsTests", dependencies: ["FramecastProtocols", "FramecastCore", "FramecastTestSupport"]),
        .testTarget(name: "FramecastRenderTests", dependencies: ["FramecastRender", "FramecastCore"]),
        // A child process for the crash test: ingests until the test kills it with SIGKILL.
        .executableTarget(
            name: "framecast-crash-child", dependencies: ["FramecastTestSupport", "FramecastStore", "FramecastCore"],
            path: "Sources/framecast-crash-child"),
        .testTarget(
            name: "FramecastStoreTests",
            dependencies: [
                "FramecastStore", "FramecastTestSupport", "FramecastCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(name: "framecastTests", dependencies: ["framecast", "FramecastRender", "FramecastCore"])
    ]
)

// Benchmarks (ordo-one/benchmark) are added only when asked for, so `swift build` and `swift test`
// stay lean: `make benchmark` runs `FRAMECAST_BENCHMARKS=1 swift package benchmark`.
if ProcessInfo.processInfo.environment["FRAMECAST_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    let benchmark = Target.Dependency.product(name: "Benchmark", package: "benchmark")
    package.targets += [
        .executableTarget(
            name: "CoreBenchmarks", dependencies: [benchmark, "FramecastCore"], path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "MemoryBenchmarks", dependencies: [benchmark, "FramecastCore"], path: "Benchmarks/MemoryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .executableTarget(
            name: "RenderBenchmarks", dependencies: [benchmark, "FramecastCore", "FramecastRender", "CPNGWriter"],
            path: "Benchmarks/RenderBenchmarks", plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")])
    ]
}
