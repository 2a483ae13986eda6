// framecast-crash-child: the process the durability crash test kills (see CrashTestChild).
//
//   framecast-crash-child run <data-dir> [writers]       append until killed; "ack …" lines on stdout
//   framecast-crash-child verify <data-dir> <ack-file>…  check every acknowledged batch; exit 1 on loss
//   framecast-crash-child bench <dir> [points] [seconds]  codec and group-commit throughput (use -c release)
//   framecast-crash-child engine-run <data-dir> [writers] [batches] [checkpoint-every-ms]
//                                     ingest through IngestEngine until killed (batches: 0 = no limit);
//                                     "ack <seq> <batch>" lines
//   framecast-crash-child engine-verify <data-dir> <ack-file>…
//                                     recover the engine, check every acknowledged batch in the rollups
import Foundation
import FramecastStore
import FramecastTestSupport

let arguments = CommandLine.arguments
func usage() -> Never {
    FileHandle.standardError.write(
        Data(
            "usage: \(arguments[0]) run <data-dir> [writers] | verify <data-dir> <ack-file>... | bench <dir> [points] [seconds] | engine-run <data-dir> [writers] [batches] [checkpoint-every-ms] | engine-verify <data-dir> <ack-file>...\n"
                .utf8))
    exit(2)
}
guard arguments.count >= 3 else { usage() }
let directory = arguments[2]
do {
    switch arguments[1] {
    case "run":
        let writers = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
        try await CrashTestChild.run(dataDirectory: directory, writers: writers)
    case "verify":
        var acks: [CrashTestChild.Ack] = []
        for file in arguments.dropFirst(3) {
            acks += CrashTestChild.parseAcks(try String(contentsOfFile: file, encoding: .utf8))
        }
        let verification = try await CrashTestChild.verify(dataDirectory: directory, acks: acks)
        print(verification)
        exit(verification.passed ? 0 : 1)
    case "engine-run":
        let writers = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
        let batches = arguments.count > 4 ? Int(arguments[4]).flatMap { $0 > 0 ? $0 : nil } : nil
        let every = arguments.count > 5 ? Int(arguments[5]) ?? 25 : 25
        let options = try CrashTestChild.engineOptions(checkpointEvery: .milliseconds(every))
        try await CrashTestChild.engineRun(dataDirectory: directory, writers: writers, batches: batches, options: options)
    case "engine-verify":
        var acks: [CrashTestChild.EngineAck] = []
        for file in arguments.dropFirst(3) {
            acks += CrashTestChild.parseEngineAcks(try String(contentsOfFile: file, encoding: .utf8))
        }
        let verification = try await CrashTestChild.engineVerify(dataDirectory: directory, acks: acks)
        print(verification)
        exit(verification.passed ? 0 : 1)
    case "bench":
        let points = arguments.count > 3 ? Int(arguments[3]) ?? 5000 : 5000
        let seconds = arguments.count > 4 ? Double(arguments[4]) ?? 3 : 3
        try await Bench.run(directory: directory, points: points, seconds: seconds)
    default:
        usage()
    }
} catch {
    FileHandle.standardError.write(Data("framecast-crash-child: \(error)\n".utf8))
    exit(1)
}
