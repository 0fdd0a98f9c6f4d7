import Mustache
import PaladinCore
@testable import PaladinServer
import Testing

@Suite("Page models flattened for the templates")
struct PageValuesTests {
    struct Option { let value: String; let selected: Bool }
    struct Card { let id: Int64; let name: String; let note: String?; let missing: String?; let options: [Option]; let at: Timestamp }
    struct Page { let title: String; let cards: [Card]; let count: Int }

    @Test("structs become dictionaries of their stored properties, nil ones left out; arrays, numbers and self-describing values kept")
    func flatten() throws {
        let page = Page(title: "Board", cards: [
            Card(id: 7, name: "Ana", note: "vip", missing: nil, options: [Option(value: "a", selected: true)], at: Timestamp(seconds: 0)),
        ], count: 1)
        let flat = try #require(PageValues.flatten(page) as? [String: Any])
        #expect(flat["title"] as? String == "Board" && flat["count"] as? Int == 1)
        let cards = try #require(flat["cards"] as? [Any])
        let card = try #require(cards.first as? [String: Any])
        #expect(card["id"] as? Int64 == 7 && card["note"] as? String == "vip")
        #expect(card.keys.contains("missing") == false)
        #expect(card["at"] is Timestamp)
        #expect(((card["options"] as? [Any])?.first as? [String: Any])?["selected"] as? Bool == true)
    }

    @Test("a template renders the flattened model exactly as it renders the model itself")
    func sameHTML() throws {
        let template = try MustacheTemplate(string: """
            <h1>{{title}}</h1>{{#cards}}<li>{{id}} {{name}}{{#note}} ({{.}}){{/note}}{{^missing}} none{{/missing}} \
            {{title}}{{#options}}<o{{#selected}} s{{/selected}}>{{value}}</o>{{/options}} {{at}}</li>{{/cards}}
            """)
        let page = Page(title: "Board <&>", cards: [
            Card(id: 1, name: "Ana", note: nil, missing: nil, options: [Option(value: "x", selected: false)], at: Timestamp(seconds: 86_400)),
            Card(id: 2, name: "Bo\"b", note: "n", missing: "m", options: [], at: Timestamp(seconds: 0)),
        ], count: 2)
        let direct = template.render(page)
        #expect(direct.contains("Board &lt;&amp;&gt;") && direct.contains("1 Ana"))
        #expect(template.render(PageValues.flatten(page)) == direct)
    }
}
