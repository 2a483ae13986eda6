import Foundation
import Testing

@testable import FramecastStore

@Suite struct DataDirectoryParentTests {
    /// The parent of a data directory by string logic (`deletingLastPathComponent` crashed on
    /// one-character relative names).
    @Test func parentOfOddPaths() {
        let cases: [(String, String)] = [
            ("d", "."), ("d/", "."), ("d//", "."), ("ab", "."), ("a/b", "a"), ("a//b", "a"), ("a/b/", "a"),
            ("/a", "/"), ("/", "/"), ("//", "/"), ("/a/b/c", "/a/b"), (".", ".."), ("./d", "."), ("..", "../.."),
            ("../d", ".."), ("../..", "../../.."), ("a/.", "a/./.."), ("", "..")
        ]
        for (path, parent) in cases {
            #expect(DataDirectory.parent(of: path) == parent, "parent of '\(path)'")
        }
    }

    /// Nested directories that do not exist yet are created (and their parents synced).
    @Test func createsNestedAndOddNames() throws {
        let base = makeTemporaryDirectory("framecast-datadir")
        defer { removeDirectory(base) }
        for name in ["x", "y/", "n1/n2/n3", "n4//n5/", "z/../w"] {
            try DataDirectory.create(base + "/" + name)
            #expect(DataDirectory.isDirectory(base + "/" + name), "\(name)")
        }
        try DataDirectory.create(base)
        #expect(DataDirectory.isDirectory(base + "/n1/n2"))
    }
}
