import Testing

@testable import FramecastCore

@Suite struct GlobTests {
    @Test func graphiteGlobs() {
        #expect(Glob("app.*.cpu").matches(name: "app.web1.cpu"))
        #expect(!Glob("app.*.cpu").matches(name: "app.web1.x.cpu"))
        #expect(Glob("app.**").matches(name: "app.web1.x.cpu"))
        #expect(Glob("**").matches(name: "anything.at.all"))
        #expect(Glob("app.web?.cpu").matches(name: "app.web1.cpu"))
        #expect(Glob("app.web[1-3].cpu").matches(name: "app.web2.cpu"))
        #expect(!Glob("app.web[1-3].cpu").matches(name: "app.web4.cpu"))
        #expect(Glob("app.{web,db}1.cpu").matches(name: "app.db1.cpu"))
        #expect(!Glob("app.{web,db}1.cpu").matches(name: "app.mq1.cpu"))
    }

    @Test func tagsInPatterns() {
        let key = SeriesKey(name: "cpu.usage", tags: [.init("host", "web-1"), .init("dc", "eu")])
        #expect(Glob("cpu.*").matches(key))
        #expect(Glob("cpu.*;host=web-*").matches(key))
        #expect(!Glob("cpu.*;host=db-*").matches(key))
        #expect(!Glob("cpu.*;rack=1").matches(key))
    }
}
