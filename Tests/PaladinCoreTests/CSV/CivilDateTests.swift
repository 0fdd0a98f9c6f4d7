import PaladinCore
import Foundation // JSONEncoder/JSONDecoder for the Codable test only.
import Testing

/// A naive day counter: steps one day at a time using only month lengths.
struct BruteForceDay {
    var year: Int
    var month: Int
    var day: Int

    static func length(_ year: Int, _ month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    mutating func stepForward() {
        day += 1
        if day > BruteForceDay.length(year, month) {
            day = 1
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
    }

    mutating func stepBackward() {
        day -= 1
        if day < 1 {
            month -= 1
            if month < 1 { month = 12; year -= 1 }
            day = BruteForceDay.length(year, month)
        }
    }
}

@Suite("CivilDate")
struct CivilDateTests {
    @Test func epochAndKnownDays() throws {
        #expect(try #require(CivilDate(year: 1970, month: 1, day: 1)).daysSinceEpoch == 0)
        #expect(try #require(CivilDate(year: 2000, month: 3, day: 1)).daysSinceEpoch == 11_017)
        #expect(try #require(CivilDate(year: 1969, month: 12, day: 31)).daysSinceEpoch == -1)
        #expect(try #require(CivilDate(year: 2024, month: 2, day: 29)).daysSinceEpoch == 19_782)
        #expect(try #require(CivilDate(year: 1, month: 1, day: 1)).daysSinceEpoch == CivilDate.minDaysSinceEpoch)
        #expect(try #require(CivilDate(year: 9999, month: 12, day: 31)).daysSinceEpoch == CivilDate.maxDaysSinceEpoch)
    }

    @Test func leapYears() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate.isLeapYear(2400) && !CivilDate.isLeapYear(2100))
        #expect(CivilDate.daysInMonth(year: 2023, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2023, month: 13) == 0)
    }

    @Test(arguments: [(2024, 0, 1), (2024, 13, 1), (2024, 1, 0), (2024, 1, 32), (2024, 4, 31), (0, 1, 1), (10_000, 1, 1)])
    func invalidComponentsAreRejected(year: Int, month: Int, day: Int) {
        #expect(CivilDate(year: year, month: month, day: day) == nil)
    }

    @Test func everyDayMatchesBruteForceCounter() {
        var forward = BruteForceDay(year: 1970, month: 1, day: 1)
        var mismatches = 0
        for days in Int64(0)...CivilDate.maxDaysSinceEpoch {
            let date = CivilDate(year: forward.year, month: forward.month, day: forward.day)
            if date?.daysSinceEpoch != days || CivilDate(daysSinceEpoch: days) != date { mismatches += 1 }
            forward.stepForward()
        }
        var backward = BruteForceDay(year: 1970, month: 1, day: 1)
        for days in stride(from: Int64(0), through: CivilDate.minDaysSinceEpoch, by: -1) {
            let date = CivilDate(year: backward.year, month: backward.month, day: backward.day)
            if date?.daysSinceEpoch != days || CivilDate(daysSinceEpoch: days) != date { mismatches += 1 }
            backward.stepBackward()
        }
        #expect(mismatches == 0)
        #expect(forward.year == 10_000 && backward.year == 0)
    }

    @Test func addingDaysAndOrdering() throws {
        let date = try #require(CivilDate(year: 2023, month: 12, day: 31))
        #expect(date.adding(days: 1) == CivilDate(year: 2024, month: 1, day: 1))
        #expect(date.adding(days: 61) == CivilDate(year: 2024, month: 3, day: 1))
        #expect(date.adding(days: -365) == CivilDate(year: 2022, month: 12, day: 31))
        #expect(date < date.adding(days: 1))
        #expect(try #require(CivilDate(year: 2023, month: 2, day: 1)) < date)
        #expect(try #require(CivilDate(year: 2022, month: 12, day: 31)) < date)
    }

    @Test func isoTextRoundTrip() throws {
        let date = try #require(CivilDate(iso: " 2024-02-29 "))
        #expect(date.description == "2024-02-29")
        #expect(try #require(CivilDate(year: 7, month: 3, day: 9)).description == "0007-03-09")
        for bad in ["2023-02-29", "2024-2-29", "2024/02/29", "20240229", "", "2024-02-29T00:00", "abcd-ef-gh"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func codableUsesISOText() throws {
        struct Box: Codable, Equatable { var date: CivilDate }
        let box = Box(date: try #require(CivilDate(year: 2024, month: 5, day: 17)))
        let json = try JSONEncoder().encode(box)
        #expect(String(decoding: json, as: UTF8.self) == #"{"date":"2024-05-17"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: json) == box)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Box.self, from: Data(#"{"date":"2023-02-29"}"#.utf8))
        }
    }
}
