/// One node of an SVG drawing: an element or a run of text.
public enum SVGNode: Sendable, Equatable {
    case element(SVGElement)
    case text(String)
}

/// One attribute of an SVG element. The value is escaped when written, never emitted raw.
public struct SVGAttribute: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        precondition(SVGElement.isName(name), "not an XML attribute name: \(name)")
        self.name = name
        self.value = value
    }
}

/// An SVG element with attributes and children, written as well-formed XML.
///
/// Element and attribute names come from the drawing code and are checked to be plain XML names;
/// every attribute value and every text is escaped (`&`, `<`, `>`, `"`, `'`) and stripped of
/// control characters, so a customer's or stage's name can never break out of its place.
public struct SVGElement: Sendable, Equatable {
    public let name: String
    public var attributes: [SVGAttribute]
    public var children: [SVGNode]

    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        precondition(SVGElement.isName(name), "not an XML element name: \(name)")
        self.name = name
        self.attributes = attributes.map { SVGAttribute($0.key, $0.value) }
        self.children = children
    }

    /// An element whose only child is `text`.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// The same element with one more attribute.
    public func with(_ name: String, _ value: String) -> SVGElement {
        var copy = self
        copy.attributes.append(SVGAttribute(name, value))
        return copy
    }

    /// The element as XML, indented two spaces per level; elements holding text stay on one line.
    public func xml() -> String {
        var out = ""
        write(into: &out, depth: 0)
        return out
    }

    func write(into out: inout String, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        out += indent
        writeInline(into: &out, depth: depth)
        out += "\n"
    }

    private func writeInline(into out: inout String, depth: Int) {
        out += "<" + name
        for attribute in attributes {
            out += " " + attribute.name + "=\"" + SVGElement.escape(attribute.value) + "\""
        }
        if children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        let holdsText = children.contains { if case .text = $0 { true } else { false } }
        if holdsText {
            // Text content is kept on one line: whitespace inside <text> would be drawn.
            for child in children {
                switch child {
                case .text(let text): out += SVGElement.escape(text)
                case .element(let element): element.writeInline(into: &out, depth: depth + 1)
                }
            }
        } else {
            out += "\n"
            for case .element(let element) in children {
                element.write(into: &out, depth: depth + 1)
            }
            out += String(repeating: "  ", count: depth)
        }
        out += "</" + name + ">"
    }

    /// `text` safe for XML text and attribute values: the five special characters as entities,
    /// tabs and line breaks as spaces, every other control character (and U+FFFE, U+FFFF) removed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == ":" || $0 == "_"
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
