import Testing
@testable import PaladinCore

@Suite("ImportRowParser: rows that are refused")
struct ImportRowErrorTests {
    private typealias F = ImportFixture
    private let purchases = ["client_id", "order_date", "total"]
    private let interactions = ["customer", "date", "channel", "kind", "summary", "markers"]

    @Test func anUnknownCustomerIsNamedUnderTheCanonicalColumn() throws {
        // given a purchase by a customer that was never imported, under the alias "client_id"
        let errors = try F.errors(.purchases, purchases, ["C-404", "2026-03-05", "10"], line: 7)
        // then the error is on line 7, in column "customer"
        #expect(errors == [ImportRowError(line: 7, column: "customer", message: "no customer with external id 'C-404' (import the customers first)")])
    }

    @Test func aMalformedDateIsRefusedQuotingIt() throws {
        let errors = try F.errors(.purchases, purchases, ["C-1", "2026-02-30", "10"], line: 4)
        #expect(errors == [ImportRowError(line: 4, column: "date", message: "'2026-02-30' is not a valid date (expected YYYY-MM-DD)")])
    }

    @Test func withACustomFormatAnISODateIsRefused() throws {
        let errors = try F.errors(.purchases, purchases, ["C-1", "2026-03-05", "10"], options: ImportOptions(dateFormat: "DD.MM.YYYY"))
        #expect(errors == [ImportRowError(line: 2, column: "date", message: "'2026-03-05' is not a valid date (expected DD.MM.YYYY)")])
    }

    @Test func anUnusableDateFormatRefusesTheWholeFile() {
        // when the --date-format option has an unknown token
        do {
            _ = try ImportRowParser(kind: .purchases, header: purchases, options: ImportOptions(dateFormat: "DD.MM.YY"), context: F.context)
            Issue.record("a format with YY was accepted")
        } catch {
            // then it is an option problem, not a problem of some line of the file
            #expect(error.errors.isEmpty)
            #expect(error.badDateFormat?.contains("YY") == true)
        }
    }

    @Test func aNegativeAmountIsRefused() throws {
        let errors = try F.errors(.purchases, purchases, ["C-1", "2026-03-05", "-5.00"])
        #expect(errors == [ImportRowError(line: 2, column: "amount", message: "'-5.00' is negative; amounts must be zero or more")])
    }

    @Test func aPointDecimalIsNotAGroupSeparatorInDecimalCommaMode() throws {
        // given decimal commas, "1.234.5" has a last group of one digit
        let errors = try F.errors(.purchases, purchases, ["C-1", "2026-03-05", "1.234.5"], options: ImportOptions(decimalComma: true))
        #expect(errors.map(\.column) == ["amount"])
        #expect(errors.first?.message.hasPrefix("'1.234.5' has invalid thousands grouping") == true)
    }

    @Test(arguments: ["11", "abc", "-1", "7.5", ""])
    func aScoreOutsideZeroToTenIsRefused(score: String) throws {
        let errors = try F.errors(.surveys, ["customer", "date", "score"], ["C-1", "2026-03-05", score])
        let message = score.isEmpty ? "is empty" : "'\(score)' is not a whole number from 0 to 10"
        #expect(errors == [ImportRowError(line: 2, column: "score", message: message)])
    }

    @Test func anUnknownChannelAndKindAreBothReported() throws {
        // given a row with a channel and a kind that do not exist
        let errors = try F.errors(.interactions, interactions, ["C-1", "2026-03-05", "pigeon", "party", "hello", ""])
        // then each names the allowed values
        #expect(errors == [
            ImportRowError(line: 2, column: "channel", message: "'pigeon' is not one of in_person, phone, email, letter, chat, video, other"),
            ImportRowError(line: 2, column: "kind", message: "'party' is not one of meeting, call, message, complaint, note"),
        ])
    }

    @Test func anUnknownCostCategoryAndCustomerKindAreRefused() throws {
        let cost = try F.errors(.costs, ["customer", "date", "amount", "category"], ["C-1", "2026-03-05", "5", "bribes"])
        let customer = try F.errors(.customers, ["id", "name", "kind"], ["C-9", "Ada", "robot"])
        #expect(cost == [ImportRowError(line: 2, column: "category", message: "'bribes' is not one of support, care, logistics, discount, other")])
        #expect(customer == [ImportRowError(line: 2, column: "kind", message: "'robot' is not one of person, organisation")])
    }

    @Test func markersAreCheckedAgainstTheWorkspacesModels() throws {
        // given three bad marker references
        let markers = "pro-customer:unknown;crm:lead-seen|just-a-marker"
        // when the row is parsed
        let errors = try F.errors(.interactions, interactions, ["C-1", "2026-03-05", "email", "message", "hi", markers])
        // then each is refused for its own reason
        #expect(errors == [
            ImportRowError(line: 2, column: "markers", message: "model 'pro-customer' has no marker 'unknown'"),
            ImportRowError(line: 2, column: "markers", message: "no model 'crm'"),
            ImportRowError(line: 2, column: "markers", message: "'just-a-marker' is not MODEL:MARKER"),
        ])
    }

    @Test func aRowWithMoreFieldsThanTheHeaderIsRefusedWhole() throws {
        let errors = try F.errors(.purchases, purchases, ["C-1", "2026-03-05", "10", "surprise"], line: 9)
        #expect(errors == [ImportRowError(line: 9, column: "", message: "has 4 fields but the header has 3")])
        #expect(errors.first?.description == "9: has 4 fields but the header has 3")
    }

    @Test func aShortRowMissesItsLastRequiredColumns() throws {
        let errors = try F.errors(.interactions, interactions, ["C-1", "2026-03-05", "phone"])
        #expect(errors == [
            ImportRowError(line: 2, column: "kind", message: "is empty"),
            ImportRowError(line: 2, column: "summary", message: "is empty"),
        ])
    }

    @Test func everyProblemOfARowIsReportedInColumnOrder() throws {
        let errors = try F.errors(.purchases, purchases, ["C-404", "yesterday", "ten"], line: 3)
        #expect(errors.map(\.column) == ["customer", "date", "amount"])
        #expect(errors.allSatisfy { $0.line == 3 })
    }

    @Test func aCustomerRowIsCheckedLikeADraft() throws {
        // given a row with an empty id, an empty name and a bad email
        let errors = try F.errors(.customers, ["id", "name", "email"], ["", " ", "ada.example.com"])
        // then each field's problem is reported once
        #expect(errors == [
            ImportRowError(line: 2, column: "external_id", message: "is empty"),
            ImportRowError(line: 2, column: "name", message: "is empty"),
            ImportRowError(line: 2, column: "email", message: "'ada.example.com' is not an email address"),
        ])
    }

    @Test func aBadCurrencyIsRefused() throws {
        let errors = try F.errors(.purchases, ["customer", "date", "amount", "currency"], ["C-1", "2026-03-05", "1", "euro"])
        #expect(errors == [ImportRowError(line: 2, column: "currency", message: "'EURO' is not a three-letter currency code")])
    }
}
