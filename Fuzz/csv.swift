// libFuzzer entry for the CSV reader (Sources/PaladinCore/CSV), built by scripts/fuzz.sh together with that
// folder's sources as one module. Any input must give a table or a CSVError: a trap, an overflow, an
// out-of-bounds access (AddressSanitizer) or an input slower than the per-input timeout is a finding.
//
// The first byte picks the options, the rest is the file: bit 0 a given delimiter (else detected), bits 1-2
// which one, bit 3 a decimal comma for amounts. Every field also goes through the amount and date parsers the
// importer applies to it, and the date parser through a format taken from the header.

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let options = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "\"")]
    let delimiter: UInt8? = options & 1 == 1 ? delimiters[Int(options >> 1) & 3] : nil
    let table: CSVTable
    do {
        table = try CSVReader.readAll(bytes: bytes, delimiter: delimiter)
    } catch {
        _ = error.description
        return 0
    }
    let amounts = AmountParser(decimalComma: options & 8 == 8)
    let dates = DateParser()
    let formatted = table.header.first.flatMap { try? DateParser(format: $0) }
    for record in table.records {
        for field in record.fields {
            if case .success(let cents) = amounts.parse(field) { _ = AmountParser.format(cents: cents) }
            if case .success(let seconds) = dates.parse(field) { _ = DateParser.formatISO(seconds: seconds) }
            if let formatted, case .success(let seconds) = formatted.parse(field) {
                _ = DateParser.formatDate(seconds: seconds)
            }
        }
        // What the writer quotes, the reader must give back unchanged.
        let line = CSVWriter.line(record.fields, delimiter: table.delimiter)
        if let back = try? CSVReader.readAll(bytes: Array((line + "\n").utf8), delimiter: table.delimiter),
            back.header != record.fields.map(CSVReader.trimmed)
        {
            fatalError("CSVWriter/CSVReader round trip changed \(record.fields) into \(back.header)")
        }
    }
    return 0
}
