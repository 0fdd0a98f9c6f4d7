import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An SVG read back with Foundation's XML parser: proof it is well-formed, and a tree to inspect.
final class ParsedSVG {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// This element and every element below it, in document order.
        var all: [Element] { [self] + children.flatMap(\.all) }

        /// The text directly inside, without that of a `<title>` child.
        var ownText: String { text }

        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    let root: Element

    /// Parses `xml`, recording a test issue (and returning nil) when it is not well-formed.
    static func parse(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedSVG? {
        let parser = XMLParser(data: Data(xml.utf8))
        let builder = Builder()
        parser.delegate = builder
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        guard ok, let root = builder.root else { return nil }
        return ParsedSVG(root: root)
    }

    private init(root: Element) { self.root = root }

    func elements(_ name: String) -> [Element] { root.all.filter { $0.name == name } }

    /// The visible text of every `<text>` element.
    var texts: [String] { elements("text").map(\.ownText) }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: Element?
        var stack: [Element] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let element = Element(name: name, attributes: attributes)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
