import FramecastCore
import Testing

@testable import FramecastServer

@Suite struct StreamUnitTests {
    func column(_ value: Double) -> M4Column {
        M4Column(count: 1, min: value, max: value, first: value, last: value, sum: value, firstTime: 0, lastTime: 0)
    }

    func state(from: EpochMillis, values: [Double?], names: [String] = ["a"]) -> EventsState {
        let columns = values.map { $0.map(column) ?? .empty }
        return EventsState(
            grid: ColumnGrid(from: from, columnMillis: 1000, count: values.count),
            series: names.map { EventsState.Series(name: $0, rightAxis: false, columns: columns) },
            scales: EventsState.Scales(left: 0...10, right: nil))
    }

    @Test func diffIsAppendWhenTheWindowMovesByWholeColumns() {
        let old = state(from: 0, values: [1, 2, 3, 4])
        let new = state(from: 2000, values: [3, 4, 5, nil])
        #expect(StreamMessage.diff(from: old, to: new) == [.append(drop: 2)])
        let json = StreamMessage.json(.append(drop: 2), id: 9, state: new)
        #expect(json.contains("\"drop\":2,\"window\":{\"from\":2000,\"until\":6000,\"width\":4,\"columnMillis\":1000}"))
        #expect(json.contains("\"columns\":[[4000,5,5,5,5,1,5]]"))
    }

    @Test func diffIsUpdateForChangedColumnsAndAppendPlusUpdateWhenBoth() {
        let old = state(from: 0, values: [1, 2, 3, 4])
        #expect(StreamMessage.diff(from: old, to: old).isEmpty)
        #expect(StreamMessage.diff(from: old, to: state(from: 0, values: [1, 2, 9, 4])) == [.update(changed: [[2]])])
        #expect(StreamMessage.diff(from: old, to: state(from: 1000, values: [2, 3, 5, 6])) == [.append(drop: 1), .update(changed: [[2]])])
    }

    @Test func diffIsSnapshotWhenStatesCannotBeRelated() {
        let old = state(from: 0, values: [1, 2, 3, 4])
        #expect(StreamMessage.diff(from: old, to: state(from: 4000, values: [1, 2, 3, 4])) == [.snapshot])
        #expect(StreamMessage.diff(from: old, to: state(from: -1000, values: [1, 2, 3, 4])) == [.snapshot])
        #expect(StreamMessage.diff(from: old, to: state(from: 0, values: [1, 2, 3, 4], names: ["b"])) == [.snapshot])
    }

    @Test func eventLogResumesFromKeptIDsOnly() {
        var next: UInt64 = 100
        var log = EventLog(state: state(from: 0, values: [1, 2]), id: 100, limit: 2)
        for value in [3.0, 4, 5] {
            _ = log.advance(to: state(from: 0, values: [1, value])) {
                next += 1
                return next
            }
        }
        // Events 101, 102, 103; only 102 and 103 are kept.
        guard case .events(let fromKept) = log.catchUp(after: 101) else {
            Issue.record("expected events")
            return
        }
        #expect(fromKept.map(\.id) == [102, 103])
        guard case .events(let none) = log.catchUp(after: 103) else {
            Issue.record("expected events")
            return
        }
        #expect(none.isEmpty)
        guard case .snapshot(let snapshot) = log.catchUp(after: 100) else {
            Issue.record("expected a snapshot")
            return
        }
        #expect(snapshot.id == 103 && snapshot.kind == "snapshot")
    }

    @Test func mailboxKeepsOnlyTheNewestFrame() async {
        let mailbox = Mailbox()
        let first = StreamFrame(sequence: 1, due: 0, bytes: [1], contentType: "image/png")
        let second = StreamFrame(sequence: 2, due: 0, bytes: [2], contentType: "image/png")
        #expect(mailbox.offer(frame: first) == false)
        #expect(mailbox.offer(frame: second) == true)
        mailbox.offerEvents()
        let delivery = await mailbox.take()
        #expect(delivery?.frame?.sequence == 2 && delivery?.events == true)
        mailbox.close(.shutdown)
        #expect(await mailbox.take() == nil)
        #expect(mailbox.offer(frame: first) == false)
    }
}
