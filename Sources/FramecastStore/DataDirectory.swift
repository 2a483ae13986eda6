import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-system chores of a data directory: creating it durably and holding it exclusively.
enum DataDirectory {
    /// Creates `path` (and parents) if needed. The parent of every directory it created is
    /// fsynced, from the top down, so the new entries survive a power loss.
    static func create(_ path: String) throws {
        guard !isDirectory(path) else { return }
        // The directories about to be created: `path` and its missing ancestors, deepest first.
        var missing = [path]
        var ancestor = parent(of: path)
        // Stops at "/" and at a `.`/`..` component (whose parent is the same name plus "/..").
        while !isDirectory(ancestor), ancestor != "/", !ancestor.hasSuffix("/.."), !ancestor.hasSuffix("/."), ancestor != "..",
            ancestor != "."
        {
            missing.append(ancestor)
            ancestor = parent(of: ancestor)
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for created in missing.reversed() { try syncDirectory(parent(of: created)) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The directory holding `path`, by plain string logic: `"d"` → `"."`, `"d/"` → `"."`,
    /// `"a/b"` → `"a"`, `"/a"` → `"/"`, `"/"` → `"/"`, `"../x"` → `".."`, `"."` → `".."`.
    /// Hand-written because `NSString.deletingLastPathComponent` crashes (illegal instruction)
    /// on one-character relative paths in swift-corelibs-foundation, and `FilePath` would add
    /// swift-system for one function. `..` components are kept, not resolved: the result names
    /// the parent as the kernel sees it, which is what fsync needs.
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" { return "/" }
        if trimmed.isEmpty || trimmed == "." { return ".." }
        if trimmed == ".." || trimmed.hasSuffix("/..") || trimmed.hasSuffix("/.") { return String(trimmed) + "/.." }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var head = trimmed[..<slash]
        while head.hasSuffix("/") { head = head.dropLast() }
        return head.isEmpty ? "/" : String(head)
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
