import Testing
import PaladinCore

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test func plainFieldsAreNotQuoted() {
        #expect(CSVWriter.line(["a", "b c", "12.50", ""]) == "a,b c,12.50,\n")
        #expect(CSVWriter.line([]) == "\n")
    }

    @Test func specialFieldsAreQuoted() {
        #expect(CSVWriter.line(["a,b"]) == "\"a,b\"\n")
        #expect(CSVWriter.line(["say \"hi\""]) == "\"say \"\"hi\"\"\"\n")
        #expect(CSVWriter.line(["two\nlines", "cr\rhere"]) == "\"two\nlines\",\"cr\rhere\"\n")
        #expect(CSVWriter.line([" lead", "trail ", " "]) == "\" lead\",\"trail \",\" \"\n")
        #expect(CSVWriter.line([""]) == "\"\"\n")
    }

    @Test func quotingDependsOnTheDelimiter() {
        let semicolon = UInt8(ascii: ";")
        #expect(CSVWriter.line(["1,5", "a;b"], delimiter: semicolon) == "1,5;\"a;b\"\n")
        #expect(CSVWriter.line(["a\tb", "c"], delimiter: UInt8(ascii: "\t")) == "\"a\tb\"\tc\n")
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")])
    func roundTripOfTrickyRecords(delimiter: UInt8) throws {
        let records: [[String]] = [
            ["plain", "", "x"],
            ["a,b", "c;d", "e\tf"],
            ["\"", "\"\"", "say \"hi\""],
            ["multi\nline", "crlf\r\nline", "cr\ronly"],
            [" spaced ", "  ", "tab\t"],
            ["Zürich", "東京", "😀"],
            [""],
            ["", ""],
            ["only"],
        ]
        var text = CSVWriter.line(["h1", "h2", "h3"], delimiter: delimiter)
        for record in records {
            text += CSVWriter.line(record, delimiter: delimiter)
        }
        let table = try readCSV(text, delimiter: delimiter)
        #expect(table.records.map(\.fields) == records)
    }

    @Test func randomRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "Z", "0", " ", ",", ";", "\t", "\"", "\n", "\r", "\r\n", "é", "€", "😀", "-"]
        var records: [[String]] = []
        for _ in 0..<500 {
            let count = Int.random(in: 1...6, using: &generator)
            records.append((0..<count).map { _ in
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }.joined()
            })
        }
        let written = records.map { CSVWriter.line($0) }
        let table = try readCSV(CSVWriter.line(["header"]) + written.joined(), delimiter: UInt8(ascii: ","))
        #expect(table.records.count == records.count)
        #expect(table.records.map(\.fields) == records)
        // Each record starts after all line breaks (LF, CRLF or lone CR) written before it.
        var expectedLine = 2
        var expectedLines: [Int] = []
        for line in written {
            expectedLines.append(expectedLine)
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() where byte == 0x0A || (byte == 0x0D && bytes[index + 1] != 0x0A) {
                expectedLine += 1
            }
        }
        #expect(table.records.map(\.line) == expectedLines)
    }
}
