import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-system chores of a data directory: creating it durably and holding it exclusively.
enum DataDirectory {
    /// Creates `path` (and parents) if needed. When it was created, its parent directory is
    /// fsynced so the new entry survives a power loss.
    static func create(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// fsyncs a directory, making the names created in it durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("open \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("fsync \(path)") }
    }

    /// Takes an exclusive advisory lock on `<directory>/LOCK` and returns its descriptor; the
    /// lock lasts until the descriptor is closed or the process dies (even by SIGKILL).
    static func lock(_ directory: String) throws -> Int32 {
        let path = directory + "/LOCK"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw posixError("open \(path)") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw MetricLogError.locked(path: directory) }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        return fd
    }

    static func unlock(_ fd: Int32) {
        close(fd)
    }

    private static func posixError(_ what: String) -> Error {
        let code = errno
        return MetricLogError.durabilityUnavailable("\(what): \(String(cString: strerror(code)))")
    }
}
