import Testing
@testable import PaladinCore

/// The error reading `bytes` throws, or `nil` when it reads fine.
func csvError(_ bytes: [UInt8], delimiter: UInt8? = nil) -> CSVError? {
    do {
        _ = try CSVReader.readAll(bytes: bytes, delimiter: delimiter)
        return nil
    } catch {
        return error
    }
}

/// The error reading `text` throws, or `nil` when it reads fine.
func csvError(_ text: String, delimiter: UInt8? = nil) -> CSVError? {
    csvError(Array(text.utf8), delimiter: delimiter)
}

@Suite("CSVReader: bad input")
struct CSVReaderErrorTests {
    @Test(arguments: ["", "\n", "\r\n\r\n", "   \n  ", "\u{FEFF}", "\u{FEFF}\n\n"])
    func emptyFileIsAnError(text: String) {
        #expect(csvError(text) == CSVError(line: 1, message: "the file is empty"))
    }

    @Test func errorDescriptionNamesTheLine() {
        #expect(CSVError(line: 7, message: "boom").description == "line 7: boom")
    }

    @Test func unterminatedQuoteNamesTheOpeningLine() {
        let error = csvError("a,b\n1,2\n3,\"open\n4,5\n6,7\n")
        #expect(error == CSVError(line: 3, message: "unterminated quoted field (opened here)"))
        #expect(error?.description == "line 3: unterminated quoted field (opened here)")
        #expect(csvError("a,\"b") == CSVError(line: 1, message: "unterminated quoted field (opened here)"))
        #expect(csvError("a\n\n\n\"x\"\"") == CSVError(line: 4, message: "unterminated quoted field (opened here)"))
    }

    @Test func strayQuoteInUnquotedField() {
        let error = csvError("a,b\n1,2\nab\"c,3\n")
        #expect(error?.line == 3)
        #expect(error?.message.contains("unexpected quote") == true)
        #expect(csvError("a,b\nx\"\"\n")?.line == 2)
        #expect(csvError("a,b\"\n")?.line == 1)
    }

    @Test func junkAfterClosingQuote() {
        let error = csvError("a,b\n1,\"x\"y\n")
        #expect(error?.line == 2)
        #expect(error?.message.contains("after a closing quote") == true)
        #expect(csvError("a,b\n1,\"x\ny\" \"z\"\n")?.line == 3)
        #expect(csvError("a,b\n\"x\"\"\"y\n")?.message.contains("after a closing quote") == true)
    }

    @Test func invalidUTF8NamesTheLine() {
        let good = Array("id,name\n1,Ann\n".utf8)
        let latin1 = good + [0x32, 0x2C, 0x4A, 0x6F, 0x73, 0xE9, 0x0A]
        let error = csvError(latin1)
        #expect(error?.line == 3)
        #expect(error?.message.contains("invalid UTF-8") == true)
        #expect(error?.message.contains("0xE9") == true)
        #expect(csvError([0x61, 0xFF, 0x0A, 0x31])?.line == 1)
        let quoted = good + Array("2,\"multi\nline\n".utf8) + [0x80] + Array("\"\n".utf8)
        #expect(csvError(quoted)?.line == 5)
    }

    @Test(arguments: [
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xC3], [0xE2, 0x82], [0x80], [0xC3, 0x28],
    ] as [[UInt8]])
    func malformedSequencesAreRejected(sequence: [UInt8]) {
        #expect(csvError(Array("a\n".utf8) + sequence + [0x0A])?.line == 2)
        #expect(csvError(Array("a\n\"".utf8) + sequence + Array("\"".utf8))?.line == 2)
    }

    @Test func validatorAgreesWithStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            [0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0x80], [0xC3],
            [0xED, 0xA0], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xFE], [0xE0, 0xA0, 0x80],
        ]
        var disagreements = 0
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
            }
            let ours = bytes.withUnsafeBufferPointer(UTF8Check.firstInvalidOffset) == nil
            let standard = String(validating: bytes, as: UTF8.self) != nil
            if ours != standard { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }

    @Test(arguments: [UInt8(ascii: "\""), 0x0A, 0x0D, 0xC3])
    func unusableDelimiterIsRejected(delimiter: UInt8) {
        #expect(csvError("a,b\n", delimiter: delimiter)?.line == 1)
        #expect(csvError("a,b\n", delimiter: delimiter)?.message.contains("delimiter") == true)
    }

    @Test func errorInHeaderIsReported() {
        #expect(csvError("a,\"b\n1,2\n") == CSVError(line: 1, message: "unterminated quoted field (opened here)"))
        #expect(csvError("na\"me,b\n")?.line == 1)
    }

    @Test func recordsBeforeAnErrorAreDelivered() throws {
        var reader = try CSVReader(bytes: Array("a,b\n1,2\n3,\"x\n".utf8))
        #expect(try reader.next()?.fields == ["1", "2"])
        #expect(throws: CSVError(line: 3, message: "unterminated quoted field (opened here)")) {
            try reader.next()
        }
    }
}
