import Testing
@testable import PaladinCore

/// Reads `text` (UTF-8) completely.
func readCSV(_ text: String, delimiter: UInt8? = nil) throws(CSVError) -> CSVTable {
    try CSVReader.readAll(bytes: Array(text.utf8), delimiter: delimiter)
}

/// The records' fields only.
func fields(_ table: CSVTable) -> [[String]] {
    table.records.map(\.fields)
}

/// The records' starting lines only.
func lines(_ table: CSVTable) -> [Int] {
    table.records.map(\.line)
}

@Suite("CSVReader: reading")
struct CSVReaderTests {
    @Test func simpleCommaFile() throws {
        let table = try readCSV("id,name,amount\n1,Ann,12.50\n2,Bob,3\n")
        #expect(table.delimiter == UInt8(ascii: ","))
        #expect(table.header == ["id", "name", "amount"])
        #expect(fields(table) == [["1", "Ann", "12.50"], ["2", "Bob", "3"]])
        #expect(lines(table) == [2, 3])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let table = try CSVReader.readAll(bytes: [0xEF, 0xBB, 0xBF] + Array("id;name\n1;Ann\n".utf8))
        #expect(table.header == ["id", "name"])
        #expect(table.delimiter == UInt8(ascii: ";"))
        #expect(fields(table) == [["1", "Ann"]])
    }

    @Test func semicolonIsDetected() throws {
        let table = try readCSV("id;name;amount\n1;Ann;12,50\n")
        #expect(table.delimiter == UInt8(ascii: ";"))
        #expect(fields(table) == [["1", "Ann", "12,50"]])
    }

    @Test func tabIsDetected() throws {
        let table = try readCSV("id\tname\tnote\n1\tAnn\ta, b; c\n")
        #expect(table.delimiter == UInt8(ascii: "\t"))
        #expect(fields(table) == [["1", "Ann", "a, b; c"]])
    }

    @Test(arguments: [
        ("a,b;c", ","), ("a;b,c;d", ";"), ("single", ","), ("\"x;y;z\",b", ","),
        ("a\tb;c", ","), ("\"a,b,c\";d", ";"), ("a;b\tc\td", "\t"), ("\n\nx;y\n", ";"),
    ])
    func delimiterDetectionCountsOutsideQuotes(header: String, expected: String) throws {
        let reader = try CSVReader(bytes: Array(header.utf8))
        #expect(reader.delimiter == UInt8(ascii: Unicode.Scalar(expected)!))
    }

    @Test func explicitDelimiterWins() throws {
        let table = try readCSV("a|b,c\n1|2,3\n", delimiter: UInt8(ascii: "|"))
        #expect(table.header == ["a", "b,c"])
        #expect(fields(table) == [["1", "2,3"]])
    }

    @Test func quotedFieldsWithDelimitersAndEscapedQuotes() throws {
        let table = try readCSV("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\",plain,\"\"\"q\"\"\"\n")
        #expect(fields(table) == [["x,y", "say \"hi\"", ""], ["\"", "plain", "\"q\""]])
    }

    @Test func quotedNewlinesKeepLineNumbersRight() throws {
        let text = "id,note\n1,\"first\nsecond\nthird\"\n2,\"a\r\nb\"\n3,\"c\rd\"\n4,end\n"
        let table = try readCSV(text)
        #expect(fields(table) == [["1", "first\nsecond\nthird"], ["2", "a\r\nb"], ["3", "c\rd"], ["4", "end"]])
        #expect(lines(table) == [2, 5, 7, 9])
    }

    @Test func lineEndingsCRLFAndCR() throws {
        let crlf = try readCSV("a,b\r\n1,2\r\n3,4\r\n")
        #expect(fields(crlf) == [["1", "2"], ["3", "4"]])
        #expect(lines(crlf) == [2, 3])
        let cr = try readCSV("a,b\r1,2\r\r3,4\r")
        #expect(fields(cr) == [["1", "2"], ["3", "4"]])
        #expect(lines(cr) == [2, 4])
        let mixed = try readCSV("a,b\n1,2\r\n3,4\r5,6")
        #expect(fields(mixed) == [["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(lines(mixed) == [2, 3, 4])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let table = try readCSV("\n\na,b\n\n1,2\n   \n\r\n3,4\n\n\n")
        #expect(table.header == ["a", "b"])
        #expect(fields(table) == [["1", "2"], ["3", "4"]])
        #expect(lines(table) == [5, 8])
        #expect(try CSVReader(bytes: Array("\n\na,b\n".utf8)).headerLine == 3)
    }

    @Test func trailingNewlineDoesNotCreateARecord() throws {
        #expect(fields(try readCSV("a,b\n1,2\n")) == [["1", "2"]])
        #expect(fields(try readCSV("a,b\n1,2")) == [["1", "2"]])
        #expect(fields(try readCSV("a,b\n1,2\r\n")) == [["1", "2"]])
        #expect(fields(try readCSV("a,b\n")) == [])
        #expect(fields(try readCSV("a,b")) == [])
    }

    @Test func emptyFieldsAreKept() throws {
        let table = try readCSV("a,b,c\n,,\n1,,\n,,3")
        #expect(fields(table) == [["", "", ""], ["1", "", ""], ["", "", "3"]])
    }

    @Test func unquotedFieldsKeepSpacesButHeaderIsTrimmed() throws {
        let table = try readCSV(" id , Name\t\n 1 , Ann \n")
        #expect(table.header == ["id", "Name"])
        #expect(fields(table) == [[" 1 ", " Ann "]])
    }

    @Test func spacesAroundQuotedFieldsAreIgnored() throws {
        let table = try readCSV("a,b,c\n  \"x, y\"  , \"z\",w\n")
        #expect(fields(table) == [["x, y", "z", "w"]])
    }

    @Test func unicodeFieldsSurvive() throws {
        let table = try readCSV("name,city\nJosé,Zürich\n\"Ünïcödé, 😀\",東京\n")
        #expect(fields(table) == [["José", "Zürich"], ["Ünïcödé, 😀", "東京"]])
    }

    @Test func raggedRecordsAreReturnedAsIs() throws {
        #expect(fields(try readCSV("a,b\n1\n1,2,3\n")) == [["1"], ["1", "2", "3"]])
    }

    @Test func nextReturnsNilRepeatedlyAtEnd() throws {
        var reader = try CSVReader(bytes: Array("a\n1\n".utf8))
        #expect(try reader.next() == CSVRecord(line: 2, fields: ["1"]))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func columnIndexMatchesLoosely() throws {
        let reader = try CSVReader(bytes: Array("Customer ID,event-type, AMOUNT ,Date\n".utf8))
        #expect(reader.columnIndex(["customer_id"]) == 0)
        #expect(reader.columnIndex(["customer-id"]) == 0)
        #expect(reader.columnIndex(["Event Type"]) == 1)
        #expect(reader.columnIndex(["amount"]) == 2)
        #expect(reader.columnIndex(["when", "date"]) == 3)
        #expect(reader.columnIndex(["missing"]) == nil)
        #expect(reader.columnIndex([]) == nil)
        #expect(reader.header == ["Customer ID", "event-type", "AMOUNT", "Date"])
    }
}
