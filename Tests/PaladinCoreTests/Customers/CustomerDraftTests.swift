import Testing
@testable import PaladinCore

@Suite("CustomerDraft: normalising and checking")
struct CustomerDraftTests {
    @Test func textFieldsAreTrimmedAndBlankOnesBecomeNil() {
        // given a draft typed with stray spaces
        let draft = CustomerDraft(
            externalId: "  C-7 ", name: "\t Maria Popescu \n", email: " maria@example.ro ", phone: "   ",
            company: "", owner: " ana@example.com ")
        // then everything is trimmed and blanks are absent
        #expect(draft.externalId == "C-7")
        #expect(draft.name == "Maria Popescu")
        #expect(draft.email == "maria@example.ro")
        #expect(draft.phone == nil)
        #expect(draft.company == nil)
        #expect(draft.owner == "ana@example.com")
    }

    @Test func tagsAreLowercasedDeduplicatedAndSorted() {
        // sorted, so the same tags in another order are the same customer (re-imports do not count as changes)
        let draft = CustomerDraft(name: "Ada", tags: [" VIP ", "new", "vip", "", "  ", "New", "b2b"])
        #expect(draft.tags == ["b2b", "new", "vip"])
        #expect(CustomerDraft(name: "Ada", tags: ["vip", "b2b"]).tags == CustomerDraft(name: "Ada", tags: ["B2B", "vip"]).tags)
    }

    @Test func aValidDraftHasNoProblems() {
        let draft = CustomerDraft(externalId: "C-1", name: "Ada", kind: .organisation, email: "ada@example.com")
        #expect(draft.problems().isEmpty)
    }

    @Test func aBlankNameIsAProblem() {
        let problems = CustomerDraft(name: "   ").problems()
        #expect(problems.map(\.field) == ["name"])
        #expect(problems.map(\.message) == ["is empty"])
    }

    @Test func overlongNamesAndExternalIdsAreProblems() {
        // given a 301-character name and a 201-character external id
        let draft = CustomerDraft(externalId: String(repeating: "x", count: 201), name: String(repeating: "a", count: 301))
        // then both are reported
        let problems = draft.problems()
        #expect(problems.map(\.field) == ["name", "external_id"])
        #expect(problems.map(\.message) == ["is longer than 300 characters", "is longer than 200 characters"])
    }

    @Test func theLengthLimitsThemselvesAreAllowed() {
        let draft = CustomerDraft(externalId: String(repeating: "x", count: 200), name: String(repeating: "ă", count: 300))
        #expect(draft.problems().isEmpty)
    }

    @Test(arguments: ["ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada @example.com",
                      "ada@.example.com", "ada@example.com."])
    func anAddressThatIsNotAnEmailIsAProblem(email: String) {
        let problems = CustomerDraft(name: "Ada", email: email).problems()
        #expect(problems.map(\.field) == ["email"])
        #expect(problems.first?.message == "'\(email)' is not an email address")
    }

    @Test(arguments: ["ada@example.com", "a.b+tag@mail.example.co.uk", "x@y.z"])
    func plausibleEmailsAreAccepted(email: String) {
        #expect(CustomerDraft.looksLikeEmail(email))
    }
}
