import FramecastCore
import Testing

/// The series names as a tree of dot-separated nodes, one level at a time.
@Suite struct SeriesTreeTests {
    let keys = ["app.web.cpu", "app.web.mem", "app.db.cpu", "app", "up;job=a", "up;job=b", "up", "app.web.cpu;host=1"].map {
        SeriesKey(canonical: $0)
    }

    @Test func theRootListsFirstNodesWithCountsLeavesAndBranches() {
        let (nodes, total) = SeriesTree.children(of: "", in: keys, limit: 100)
        #expect(total == 2)
        #expect(nodes.map(\.name) == ["app", "up"])
        let app = nodes[0]
        #expect(app.series == 5 && app.isLeaf && app.isBranch && app.keys == ["app"])
        let up = nodes[1]
        #expect(up.series == 3 && up.isLeaf && !up.isBranch && up.keys == ["up", "up;job=a", "up;job=b"])
    }

    @Test func aLevelBelowAndTheLimit() {
        let (web, _) = SeriesTree.children(of: "app.web", in: keys, limit: 100)
        #expect(web.map(\.path) == ["app.web.cpu", "app.web.mem"])
        #expect(web[0].keys == ["app.web.cpu", "app.web.cpu;host=1"] && web[0].series == 2)
        let (first, total) = SeriesTree.children(of: "app", in: keys, limit: 1)
        #expect(first.map(\.name) == ["db"] && total == 2)
        // A prefix that is only part of a node is no node: `ap` has no children.
        #expect(SeriesTree.children(of: "ap", in: keys, limit: 100).total == 0)
    }
}
