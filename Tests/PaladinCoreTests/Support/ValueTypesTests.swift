import Foundation
import Testing
@testable import PaladinCore

@Suite("Small value types: NPS, money, time, keys, texts")
struct ValueTypesTests {
    @Test(arguments: 0...10)
    func npsSegmentsFollowTheFixedCutOffs(score: Int) {
        // then 0–6 are detractors, 7–8 passives, 9–10 promoters
        let expected: NPSSegment = score <= 6 ? .detractor : (score <= 8 ? .passive : .promoter)
        #expect(NPSSegment(score: score) == expected)
    }

    @Test func theCutOffsSitBetweenSixSevenAndEightNine() {
        #expect(NPSSegment(score: 6) == .detractor)
        #expect(NPSSegment(score: 7) == .passive)
        #expect(NPSSegment(score: 8) == .passive)
        #expect(NPSSegment(score: 9) == .promoter)
        #expect(SurveyResponse(id: 1, customerId: 1, at: Timestamp(seconds: 0), score: 10).segment == .promoter)
        #expect(SurveyResponse.isValidScore(0) && SurveyResponse.isValidScore(10))
        #expect(!SurveyResponse.isValidScore(-1) && !SurveyResponse.isValidScore(11))
    }

    @Test(arguments: [(Int64(123_456), "1234.56"), (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (-123_400, "-1234.00"), (100, "1.00")])
    func moneyIsWrittenAsExactDecimalText(cents: Int64, text: String) {
        #expect(Money(cents: cents).description == text)
    }

    @Test func moneyAddsAndComparesInCents() throws {
        let total = Money(cents: 1_050) + Money(cents: 2_075) - Money(cents: 25)
        #expect(total == Money(cents: 3_100))
        #expect(Money.zero < total)
        // and it is encoded as text, never as a float
        #expect(String(decoding: try JSONEncoder().encode([total]), as: UTF8.self) == #"["31.00"]"#)
    }

    @Test func daysUntilCountsWholeDaysRoundedDown() {
        // given an instant at 2026-03-05T10:00Z
        let start = Timestamp(seconds: 1_772_704_800)
        // then full days count, partial ones do not, and earlier instants give negative days
        #expect(start.days(until: start) == 0)
        #expect(start.days(until: Timestamp(seconds: start.seconds + 86_399)) == 0)
        #expect(start.days(until: start.adding(days: 100)) == 100)
        #expect(start.days(until: Timestamp(seconds: start.seconds - 1)) == -1)
        #expect(start.days(until: start.adding(days: -3)) == -3)
    }

    @Test func theDateOfAnInstantIsItsUTCCalendarDay() {
        let lateEvening = Timestamp(seconds: 1_772_755_199)  // 2026-03-05T23:59:59Z
        #expect(lateEvening.date == CivilDate(year: 2026, month: 3, day: 5))
        #expect(Timestamp(seconds: lateEvening.seconds + 1).date == CivilDate(year: 2026, month: 3, day: 6))
        #expect(Timestamp(seconds: -1).date == CivilDate(year: 1969, month: 12, day: 31))
        #expect(lateEvening.description == "2026-03-05T23:59:59Z")
    }

    @Test func aTimestampFromADateIsMidnightUTC() throws {
        let date = try #require(CivilDate(year: 2026, month: 3, day: 5))
        #expect(Timestamp(date) == Timestamp(seconds: 1_772_668_800))
        #expect(Timestamp(date).date == date)
    }

    @Test func aFixedClockAlwaysReadsTheSameInstant() {
        let clock = Clock.fixed(Timestamp(seconds: 42))
        #expect(clock.now() == Timestamp(seconds: 42))
        #expect(clock.now() == clock.now())
    }

    @Test func aFollowUpIsOverdueOnlyWhileOpenAndPastItsDay() throws {
        let due = try #require(CivilDate(year: 2026, month: 3, day: 5))
        let open = FollowUp(id: 1, customerId: 1, due: due)
        #expect(!open.isOverdue(today: due))
        #expect(open.isOverdue(today: due.adding(days: 1)))
        #expect(!FollowUp(id: 1, customerId: 1, due: due, doneAt: Timestamp(seconds: 0)).isOverdue(today: due.adding(days: 9)))
    }

    @Test(arguments: [("pro-customer", true), ("stage_2", true), ("9lives", true), ("Pro", false), ("-lead", false),
                      ("a b", false), ("", false), (String(repeating: "k", count: 64), true), (String(repeating: "k", count: 65), false)])
    func keysAreLowercaseLettersDigitsDashesAndUnderscores(text: String, valid: Bool) {
        #expect(Key.isValid(text) == valid)
    }

    @Test func aMarkerReferenceIsModelColonMarker() {
        #expect(MarkerReference(parsing: " pro-customer:problem-named ") == MarkerReference(model: "pro-customer", marker: "problem-named"))
        #expect(MarkerReference(parsing: "pro-customer:") == nil)
        #expect(MarkerReference(parsing: "a:b:c") == nil)
        #expect(MarkerReference(model: "m", marker: "k").description == "m:k")
    }

    @Test func aLocalizedTextFallsBackToEnglishThenAlphabetically() {
        let text = LocalizedText(["ro": "Roșu", "en": "Red", "it": ""])
        #expect(text.text("ro") == "Roșu")
        #expect(text.text("it") == "Red")
        #expect(LocalizedText(["ru": "Красный", "pl": "Czerwony"]).text("it") == "Czerwony")
        #expect(LocalizedText(["en": "  "]).isBlank)
        #expect(LocalizedText([:]).text() == "")
    }

    @Test func currencyCodesAreThreeUpperCaseLetters() {
        #expect(Workspace.isCurrencyCode("EUR"))
        #expect(!Workspace.isCurrencyCode("eur") && !Workspace.isCurrencyCode("EURO") && !Workspace.isCurrencyCode("E1R"))
    }
}
