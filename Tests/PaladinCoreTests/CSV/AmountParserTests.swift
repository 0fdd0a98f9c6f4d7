import Testing
import PaladinCore

/// The cents `parser` reads from `text`, or `nil` on failure.
func cents(_ text: String, _ parser: AmountParser = AmountParser()) -> Int64? {
    try? parser.parse(text).get()
}

/// The failure message `parser` gives for `text`, or `nil` on success.
func amountMessage(_ text: String, _ parser: AmountParser = AmountParser()) -> String? {
    if case .failure(let failure) = parser.parse(text) { return failure.message }
    return nil
}

@Suite("AmountParser")
struct AmountParserTests {
    let comma = AmountParser(decimalComma: true)

    @Test(arguments: [
        ("0", 0), ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("-0.05", -5), ("+7.01", 701),
        ("1,234.56", 123_456), ("1,234,567", 123_456_700), ("999,999.99", 99_999_999), (".5", 50),
        ("-.75", -75), ("  42.00  ", 4200), ("007", 700), ("0.00", 0), ("-0", 0),
        ("999,999,999,999.99", 99_999_999_999_999), ("-999999999999.99", -99_999_999_999_999),
    ] as [(String, Int64)])
    func defaultModeAccepts(text: String, expected: Int64) {
        #expect(cents(text) == expected)
    }

    @Test(arguments: [
        ("12,50", 1250), ("1.234,56", 123_456), ("1.234.567,8", 123_456_780), ("1 234,56", 123_456),
        ("1\u{00A0}234,56", 123_456), ("1\u{202F}234\u{202F}567", 123_456_700), ("-0,05", -5),
        ("1234", 123_400), ("1.234", 123_400), (",5", 50), ("+3", 300),
    ] as [(String, Int64)])
    func decimalCommaModeAccepts(text: String, expected: Int64) {
        #expect(cents(text, comma) == expected)
    }

    @Test func badGrouping() {
        let grouping = "has invalid thousands grouping (',' must separate groups of 3 digits)"
        #expect(amountMessage("1,23.4") == "'1,23.4' \(grouping)")
        #expect(amountMessage("12,50") == "'12,50' \(grouping)")
        #expect(amountMessage("1234,567")?.contains("grouping") == true)
        #expect(amountMessage(",123")?.contains("grouping") == true)
        #expect(amountMessage("1,,234")?.contains("grouping") == true)
        #expect(amountMessage("1,2345")?.contains("grouping") == true)
        #expect(amountMessage("1,")?.contains("grouping") == true)
        #expect(amountMessage("1.23,4", comma)?.contains("grouping") == true)
        #expect(amountMessage("1.234 567,00", comma)?.contains("grouping") == true)
        #expect(amountMessage("12.34", comma)?.contains("grouping") == true)
        #expect(amountMessage("1 2", comma)?.contains("grouping") == true)
    }

    @Test func tooManyDecimals() {
        #expect(amountMessage("12.345") == "'12.345' has more than 2 decimal places")
        #expect(amountMessage("1.230") == "'1.230' has more than 2 decimal places")
        #expect(amountMessage("1.234") == "'1.234' has more than 2 decimal places")
        #expect(amountMessage("1,234", comma) == "'1,234' has more than 2 decimal places")
        #expect(amountMessage("0,001", comma) == "'0,001' has more than 2 decimal places")
    }

    @Test func emptyAndGarbage() {
        #expect(amountMessage("") == "the amount is empty")
        #expect(amountMessage("   ") == "the amount is empty")
        #expect(amountMessage("12a") == "'12a' is not a valid amount (unexpected 'a')")
        #expect(amountMessage("€12") == "'€12' is not a valid amount (unexpected '€')")
        #expect(amountMessage("abc") == "'abc' is not a valid amount (unexpected 'a')")
        #expect(amountMessage("1.2.3") == "'1.2.3' is not a valid amount (unexpected '.')")
        #expect(amountMessage("1.234,56") == "'1.234,56' is not a valid amount (unexpected ',')")
        #expect(amountMessage("1,234.56", comma) == "'1,234.56' is not a valid amount (unexpected '.')")
        #expect(amountMessage("--5") == "'--5' is not a valid amount (unexpected '-')")
        #expect(amountMessage("5-") == "'5-' is not a valid amount (unexpected '-')")
        #expect(amountMessage("-") == "'-' is not a valid amount (no digits)")
        #expect(amountMessage(".") == "'.' is not a valid amount (no digits after the decimal separator)")
        #expect(amountMessage("5.") == "'5.' is not a valid amount (no digits after the decimal separator)")
        #expect(amountMessage("1 234.56")?.contains("unexpected ' '") == true)
        #expect(amountMessage("1e5") != nil)
    }

    @Test func overflowIsReported() {
        for text in ["1000000000000.00", "-1,000,000,000,000", "92233720368547758.08", "99999999999999999999", "1,000,000,000,000,000,000"] {
            #expect(amountMessage(text) == "'\(text)' is too large (amounts must lie within ±999,999,999,999.99)")
        }
        #expect(amountMessage("123456789012345678901234567890.12")?.contains("too large") == true)
    }

    @Test func failureCarriesTrimmedText() throws {
        guard case .failure(let failure) = AmountParser().parse("  12x ") else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.text == "12x")
        #expect(failure.description == failure.message)
    }

    @Test func formatting() {
        #expect(AmountParser.format(cents: 123_456) == "1234.56")
        #expect(AmountParser.format(cents: -5) == "-0.05")
        #expect(AmountParser.format(cents: 0) == "0.00")
        #expect(AmountParser.format(cents: 100) == "1.00")
        #expect(AmountParser.format(cents: -1250) == "-12.50")
        #expect(AmountParser.format(cents: Int64.max) == "92233720368547758.07")
        #expect(AmountParser.format(cents: Int64.min) == "-92233720368547758.08")
        for value: Int64 in [0, 1, -1, 99, 12_345, -987_654_321, AmountParser.maximumCents, -AmountParser.maximumCents] {
            #expect(cents(AmountParser.format(cents: value)) == value)
        }
    }

    @Test func substringInput() throws {
        let line = "id;12,50;x"
        let field = line.split(separator: ";")[1]
        #expect(try comma.parse(field).get() == 1250)
    }
}
