import Testing
import PaladinCore

/// The seconds `parser` reads from `text`, or `nil` on failure.
func seconds(_ text: String, _ parser: DateParser) -> Int64? {
    try? parser.parse(text).get()
}

/// The failure message `parser` gives for `text`, or `nil` on success.
func dateMessage(_ text: String, _ parser: DateParser) -> String? {
    if case .failure(let failure) = parser.parse(text) { return failure.message }
    return nil
}

@Suite("DateParser")
struct DateParserTests {
    let iso = try! DateParser()

    @Test func isoDatesAreMidnightUTC() throws {
        #expect(seconds("1970-01-01", iso) == 0)
        #expect(seconds("2024-02-29", iso) == 1_709_164_800)
        #expect(seconds("  2024-02-29\t", iso) == 1_709_164_800)
        #expect(seconds("1969-12-31", iso) == -86_400)
        #expect(try iso.parse(Substring("x2024-02-29x").dropFirst().dropLast()).get() == 1_709_164_800)
    }

    @Test func isoDateTimes() {
        #expect(seconds("2024-03-15T10:20", iso) == 1_710_498_000)
        #expect(seconds("2024-03-15T10:20:30", iso) == 1_710_498_030)
        #expect(seconds("2024-03-15 10:20:30", iso) == 1_710_498_030)
        #expect(seconds("2024-03-15t10:20:30z", iso) == 1_710_498_030)
        #expect(seconds("2024-03-15T10:20:30.987654Z", iso) == 1_710_498_030)
        #expect(seconds("2024-03-15T10:20:30,5", iso) == 1_710_498_030)
        #expect(seconds("2024-03-15T23:59:59Z", iso) == 1_710_547_199)
    }

    @Test func offsetsAreApplied() {
        let utc: Int64 = 1_710_498_030
        #expect(seconds("2024-03-15T12:20:30+02:00", iso) == utc)
        #expect(seconds("2024-03-15T12:20:30+0200", iso) == utc)
        #expect(seconds("2024-03-15T12:20:30+02", iso) == utc)
        #expect(seconds("2024-03-15T05:20:30-05:00", iso) == utc)
        #expect(seconds("2024-03-15T15:50:30.1+05:30", iso) == utc)
        #expect(seconds("2024-03-16T00:20+14:00", iso) == utc - 30)
        #expect(seconds("2024-03-15T10:20:30+00:00", iso) == utc)
        #expect(seconds("2024-01-01T00:30:00+01:00", iso) == seconds("2023-12-31T23:30:00Z", iso))
    }

    @Test(arguments: [
        "2024-03-15T10:20+2:00", "2024-03-15T10:20+02:0", "2024-03-15T10:20+24:00",
        "2024-03-15T10:20+02:60", "2024-03-15T10:20+02:00:00", "2024-03-15T10:20-",
    ])
    func badOffsets(text: String) {
        #expect(dateMessage(text, iso) == "'\(text)' has an invalid UTC offset (expected Z, ±HH:MM or ±HHMM)")
    }

    @Test func invalidCalendarDatesAndLeapYears() {
        #expect(dateMessage("2024-02-30", iso) == "'2024-02-30' is not a valid date (expected YYYY-MM-DD)")
        #expect(dateMessage("2023-02-29", iso) == "'2023-02-29' is not a valid date (expected YYYY-MM-DD)")
        #expect(seconds("2024-02-29", iso) != nil)
        #expect(seconds("2000-02-29", iso) != nil)
        #expect(dateMessage("1900-02-29", iso) != nil)
        #expect(dateMessage("2024-13-01", iso) != nil)
        #expect(dateMessage("0000-01-01", iso) != nil)
        #expect(dateMessage("2024-02-30T10:00", iso)?.hasPrefix("'2024-02-30T10:00' is not a valid date (expected YYYY-MM-DDT") == true)
    }

    @Test(arguments: [
        "2024-3-15", "15.03.2024", "2024/03/15", "20240315", "2024-03-15T", "2024-03-15T10",
        "2024-03-15T10:2", "2024-03-15T10:20:3", "2024-03-15T10:20:30.", "2024-03-15X10:20",
        "2024-03-15T10:20Zjunk", "2024-03-15  10:20", "yesterday", "２０２４-03-15",
    ])
    func malformedISOText(text: String) {
        #expect(dateMessage(text, iso)?.hasPrefix("'\(text)' is not a valid date (expected YYYY-MM-DD") == true)
    }

    @Test func invalidTimesOfDay() {
        for text in ["2024-03-15T24:00", "2024-03-15T10:60", "2024-03-15T10:20:60"] {
            #expect(dateMessage(text, iso)?.hasPrefix("'\(text)' has an invalid time of day") == true)
        }
    }

    @Test func emptyInput() {
        #expect(dateMessage("", iso) == "the date is empty")
        #expect(dateMessage("   ", iso) == "the date is empty")
        #expect(dateMessage("", try! DateParser(format: "DD.MM.YYYY"))?.hasSuffix("is empty") == true)
    }

    @Test func customFormats() throws {
        let german = try DateParser(format: "DD.MM.YYYY")
        #expect(seconds("29.02.2024", german) == 1_709_164_800)
        #expect(dateMessage("30.02.2024", german) == "'30.02.2024' is not a valid date (expected DD.MM.YYYY)")
        #expect(dateMessage("2024-02-29", german) == "'2024-02-29' is not a valid date (expected DD.MM.YYYY)")
        #expect(dateMessage("1.2.2024", german) != nil)

        let american = try DateParser(format: "MM/DD/YYYY")
        #expect(seconds("02/29/2024", american) == 1_709_164_800)
        #expect(dateMessage("29/02/2024", american) != nil)

        let short = try DateParser(format: "D/M/YYYY HH:mm")
        #expect(seconds("9/3/2024 10:20", short) == seconds("2024-03-09T10:20", iso))
        #expect(seconds("09/03/2024 10:20", short) == seconds("2024-03-09T10:20", iso))
        #expect(seconds("31/12/1999 23:59", short) == seconds("1999-12-31T23:59", iso))
        #expect(dateMessage("9/3/2024 1:20", short) != nil)
        #expect(dateMessage("9/3/2024 25:20", short)?.contains("invalid time of day") == true)
        #expect(dateMessage("123/3/2024 10:20", short) != nil)

        let compact = try DateParser(format: "YYYYMMDDTHHmmssZ")
        #expect(seconds("20240315T102030Z", compact) == 1_710_498_030)
        #expect(try DateParser(format: "YYYY-MM-DD HH:mm:ss").format == "YYYY-MM-DD HH:mm:ss")
        #expect(seconds("2024年3月15日", try DateParser(format: "YYYY年M月D日")) == seconds("2024-03-15", iso))
    }

    @Test(arguments: [
        ("", "the date format is empty"),
        ("DD.MM.YY", "unknown token 'YY'"), ("dd.MM.YYYY", "unknown token 'dd'"),
        ("DD/MM/YYYY hh:mm", "unknown token 'hh'"), ("DDD.MM.YYYY", "unknown token 'DDD'"),
        ("MM/DD", "has no year (YYYY)"), ("DD.YYYY", "has no month (MM or M)"), ("MM.YYYY", "has no day (DD or D)"),
        ("YYYY-MM-DD-DD", "contains DD/D more than once"), ("YYYY-MM-DD mm", "minutes (mm) but no hours (HH)"),
        ("YYYY-MM-DD HH:ss", "seconds (ss) but no minutes (mm)"), ("YYYY-MM-DD at HH", "unknown token 'a'"),
    ])
    func invalidFormats(format: String, fragment: String) {
        #expect {
            _ = try DateParser(format: format)
        } throws: { error in
            guard let error = error as? DateFormatError else { return false }
            return error.format == format && error.message.contains(fragment) && error.description == error.message
        }
    }

    @Test func formatting() {
        #expect(DateParser.formatISO(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(DateParser.formatISO(seconds: 1_710_498_030) == "2024-03-15T10:20:30Z")
        #expect(DateParser.formatISO(seconds: -1) == "1969-12-31T23:59:59Z")
        #expect(DateParser.formatDate(seconds: -1) == "1969-12-31")
        #expect(DateParser.formatDate(seconds: 1_709_164_800 + 86_399) == "2024-02-29")
        #expect(DateParser.formatISO(seconds: 253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(DateParser.formatISO(seconds: 253_402_300_800) == "10000-01-01T00:00:00Z")
        #expect(DateParser.formatISO(seconds: Int64.max).hasSuffix("Z"))
        #expect(DateParser.formatISO(seconds: Int64.min).hasPrefix("-"))
        for value: Int64 in [0, 59, 86_399, 951_782_400, 1_710_498_030, -62_135_596_800] {
            #expect(seconds(DateParser.formatISO(seconds: value), iso) == value)
        }
    }
}
