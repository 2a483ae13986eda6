import Foundation
import FramecastCore
import Testing

@testable import FramecastRender

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Counts elements and collects attributes while parsing, failing on malformed XML.
final class SVGInspector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((name, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func inspect(_ bytes: [UInt8]) -> SVGInspector? {
        let parser = XMLParser(data: Data(bytes))
        let inspector = SVGInspector()
        parser.delegate = inspector
        return parser.parse() ? inspector : nil
    }
}

@Suite struct SVGFrameTests {
    @Test func wellFormedWithOnePathPerSeries() throws {
        let series = [sineSeries("a"), sineSeries("b", phase: 1), sineSeries("c", phase: 2)]
        let frame = try FrameRenderer.render(spec: spec(title: "three"), series: series, format: .svg)
        let svg = try #require(SVGInspector.inspect(frame.bytes), "SVG must be well-formed XML")
        #expect(svg.elements.first?.name == "svg")
        let paths = svg.elements.filter { $0.name == "path" && $0.attributes["class"] == "series" }
        #expect(paths.count == 3)
        #expect(paths.compactMap { $0.attributes["data-series"] } == ["a", "b", "c"])
        #expect(paths.map { $0.attributes["stroke"] } == (0..<3).map { Theme.light.color(forSeries: $0).hex })
        #expect(!svg.elements.contains { $0.name.lowercased() == "script" })
    }

    @Test func hostileTitleStaysText() throws {
        let title = "]]></script><svg onload=alert(1)>&\"'"
        let frame = try FrameRenderer.render(spec: spec(title: title), series: [sineSeries("a")], format: .svg)
        let svg = try #require(SVGInspector.inspect(frame.bytes))
        #expect(svg.text.contains(title))
        #expect(svg.elements.filter { $0.name == "svg" }.count == 1)
        #expect(!svg.elements.contains { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } })
    }

    @Test func sizeMatchesPNG() throws {
        let frame = try FrameRenderer.render(spec: spec(scale: 2), series: [sineSeries("a")], format: .svg)
        let svg = try #require(SVGInspector.inspect(frame.bytes))
        let root = svg.elements[0].attributes
        #expect(root["width"] == "1600" && root["height"] == "600" && root["viewBox"] == "0 0 800 300")
    }
}
