// swift-tools-version:6.1
import PackageDescription

// Layers (see DESIGN.md): arrows point down only.
//   framecast (CLI) -> FramecastRender -> FramecastCore
//   framecast (CLI) -> FramecastStore (SQLite through GRDB) -> FramecastCore
//                      FramecastRender -> CCairo, CPNGWriter -> CPNG
// FramecastCore is pure Swift with no I/O so it is fast to test and to benchmark.
let package = Package(
    name: "Framecast",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "framecast", targets: ["framecast"]),
        .library(name: "FramecastCore", targets: ["FramecastCore"]),
        .library(name: "FramecastRender", targets: ["FramecastRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // libpng reports errors with setjmp/longjmp, which Swift cannot catch: the calls live in C.
        .target(name: "CPNGWriter", dependencies: ["CPNG"]),
        .target(name: "FramecastCore"),
        .target(name: "FramecastRender", dependencies: ["FramecastCore", "CCairo", "CPNGWriter"]),
        .target(name: "FramecastStore", dependencies: ["FramecastCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "framecast",
            dependencies: [
                "FramecastCore", "FramecastRender", "FramecastStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FramecastCoreTests", dependencies: ["FramecastCore"]),
        .testTarget(name: "FramecastRenderTests", dependencies: ["FramecastRender", "FramecastCore"]),
        .testTarget(name: "FramecastStoreTests", dependencies: ["FramecastStore", "FramecastCore"]),
        .testTarget(name: "framecastTests", dependencies: ["framecast", "FramecastRender", "FramecastCore"]),
    ]
)
