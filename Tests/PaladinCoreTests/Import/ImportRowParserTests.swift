import Testing
@testable import PaladinCore

@Suite("ImportRowParser: rows that are accepted")
struct ImportRowParserTests {
    private typealias F = ImportFixture

    @Test func aCustomerRowBecomesANormalisedDraftWithExtrasAsAttributes() throws {
        // given a customers file with an extra "Region" column
        let header = ["External ID", "Name", "Email", "Tags", "Type", "Region", "Notes"]
        // when a row is parsed
        let row = try F.row(.customers, header, ["C-9", "  Ada Lovelace ", "ada@example.com", "VIP|vip, new", "Organisation", "North", ""])
        // then it is a trimmed draft with de-duplicated lowercase tags and the non-empty extras
        guard case .customer(let draft) = row else { Issue.record("not a customer: \(row)"); return }
        #expect(draft == CustomerDraft(
            externalId: "C-9", name: "Ada Lovelace", kind: .organisation, email: "ada@example.com",
            tags: ["vip", "new"], attributes: ["Region": "North"]))
    }

    @Test func aCustomerWithoutAKindIsAPerson() throws {
        let row = try F.row(.customers, ["id", "name", "kind"], ["C-9", "Ada", ""])
        guard case .customer(let draft) = row else { Issue.record("not a customer"); return }
        #expect(draft.kind == .person)
    }

    @Test func aPurchaseRowNamesTheCustomerByExternalId() throws {
        // given a purchase of 1,234.50 usd by C-1
        let header = ["customer", "date", "amount", "currency", "reference"]
        let row = try F.row(.purchases, header, ["C-1", "2026-03-05", "1,234.50", "usd", "INV-7"])
        // then it is a purchase for customer 11, in cents, with an upper-case currency
        guard case .purchase(let purchase) = row else { Issue.record("not a purchase"); return }
        #expect(purchase == Purchase(
            id: 0, customerId: 11, at: F.march(5), amount: Money(cents: 123_450), currency: "USD", reference: "INV-7"))
    }

    @Test func aPurchaseWithoutACurrencyTakesTheDefault() throws {
        let row = try F.row(.purchases, ["customer", "date", "amount"], ["C-2", "2026-03-05T10:30:00+02:00", "99"],
                            options: ImportOptions(defaultCurrency: "RON"))
        guard case .purchase(let purchase) = row else { Issue.record("not a purchase"); return }
        #expect(purchase.currency == "RON")
        #expect(purchase.at == F.march(5, hour: 8, minute: 30))
        #expect(purchase.amount == Money(cents: 9_900))
    }

    @Test func aCostRowReadsItsCategoryAndDefaultsToOther() throws {
        // given two cost rows, one with a category, one without
        let header = ["customer", "date", "cost", "category", "note"]
        let withCategory = try F.row(.costs, header, ["C-2", "2026-03-05", "40.5", "Support", "two calls"])
        let without = try F.row(.costs, header, ["C-2", "2026-03-06", "0", "", ""])
        // then the category is read case-insensitively, else it is "other"
        guard case .cost(let first) = withCategory, case .cost(let second) = without else { Issue.record("not costs"); return }
        #expect(first == CostToServe(id: 0, customerId: 12, at: F.march(5), amount: Money(cents: 4_050), category: .support, note: "two calls"))
        #expect(second.category == .other)
        #expect(second.note == nil)
    }

    @Test func anInteractionRowCarriesItsMarkersDecisionAndFollowUp() throws {
        // given an in-person meeting with two markers and a follow-up date
        let header = ["customer", "date", "channel", "kind", "summary", "markers", "decision", "follow_up"]
        let fields = ["C-1", "2026-03-05", "In Person", "meeting", "First talk",
                      "pro-customer:problem-named pro-customer:result-stated", "decides to change", "2026-03-12"]
        // when it is parsed
        let row = try F.row(.interactions, header, fields)
        // then everything is understood, and the interaction is recorded by the import
        guard case .interaction(let interaction, let markers, let followUp) = row else { Issue.record("not an interaction"); return }
        #expect(interaction == Interaction(
            id: 0, customerId: 11, at: F.march(5), channel: .inPerson, kind: .meeting, summary: "First talk",
            decision: "decides to change", actor: "import"))
        #expect(markers == [MarkerReference(model: "pro-customer", marker: "problem-named"),
                            MarkerReference(model: "pro-customer", marker: "result-stated")])
        #expect(followUp == CivilDate(year: 2026, month: 3, day: 12))
    }

    @Test(arguments: ["in_person", "in-person", "IN PERSON", "inperson"])
    func channelSpellingsAreForgiven(channel: String) throws {
        let row = try F.row(.interactions, ["customer", "date", "channel", "kind", "summary"], ["C-1", "2026-03-05", channel, "Call", "hi"])
        guard case .interaction(let interaction, let markers, let followUp) = row else { Issue.record("not an interaction"); return }
        #expect(interaction.channel == .inPerson)
        #expect(interaction.kind == .call)
        #expect(markers.isEmpty && followUp == nil)
    }

    @Test(arguments: [(0, NPSSegment.detractor), (7, .passive), (10, .promoter)])
    func aSurveyRowKeepsTheRawScore(score: Int, segment: NPSSegment) throws {
        let row = try F.row(.surveys, ["customer", "answered_at", "nps", "why"], ["C-2", "2026-03-05", " \(score) ", "fine"])
        guard case .survey(let survey) = row else { Issue.record("not a survey"); return }
        #expect(survey == SurveyResponse(id: 0, customerId: 12, at: F.march(5), score: score, comment: "fine"))
        #expect(survey.segment == segment)
    }

    @Test func aCustomDateFormatIsUsedForEveryDate() throws {
        // given dates written DD.MM.YYYY
        let options = ImportOptions(dateFormat: "DD.MM.YYYY")
        let header = ["customer", "date", "channel", "kind", "summary", "follow_up"]
        // when a row is parsed with that format
        let row = try F.row(.interactions, header, ["C-1", "05.03.2026", "phone", "call", "ok", "12.03.2026"], options: options)
        // then both the date and the follow-up are read with it
        guard case .interaction(let interaction, _, let followUp) = row else { Issue.record("not an interaction"); return }
        #expect(interaction.at == F.march(5))
        #expect(followUp == CivilDate(year: 2026, month: 3, day: 12))
    }

    @Test(arguments: [("1.234,56", Int64(123_456)), ("0,5", 50), ("12", 1_200), ("1 000,00", 100_000)])
    func decimalCommaAmountsAreExact(text: String, cents: Int64) throws {
        let row = try F.row(.purchases, ["customer", "date", "amount"], ["C-1", "2026-03-05", text],
                            options: ImportOptions(decimalComma: true))
        guard case .purchase(let purchase) = row else { Issue.record("not a purchase"); return }
        #expect(purchase.amount == Money(cents: cents))
    }
}
