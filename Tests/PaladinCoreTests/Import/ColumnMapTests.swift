import Testing
@testable import PaladinCore

@Suite("ColumnMap: matching a header to an import")
struct ColumnMapTests {
    private func headerErrors(_ header: [String], _ kind: ImportKind, headerLine: Int = 1) -> [ImportRowError] {
        do {
            _ = try ColumnMap(header: header, kind: kind, headerLine: headerLine)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func aliasesMatchWhateverTheCaseSpacesOrDashes() throws {
        // given a customers header written by another system
        let header = ["Customer ID", " Full Name ", "E-Mail", "TELEPHONE", "Region"]
        // when it is matched
        let map = try ColumnMap(header: header, kind: .customers)
        // then each alias lands on its canonical column and the rest are extras
        #expect(map.positions == ["external_id": 0, "name": 1, "email": 2, "phone": 3])
        #expect(map.extras.map(\.index) == [4])
        #expect(map.extras.map(\.name) == ["Region"])
    }

    @Test func theSameAliasMeansTheCustomerColumnInEvidenceFiles() throws {
        let map = try ColumnMap(header: ["Client_ID", "Order Date", "TOTAL", "Invoice Number"], kind: .purchases)
        #expect(map.positions == ["customer": 0, "date": 1, "amount": 2, "reference": 3])
    }

    @Test func aMissingRequiredColumnIsNamedWithWhatWasFound() {
        // given a customers header without a name column
        let errors = headerErrors(["id", "email"], .customers)
        // then one error, on the header line, names the missing column
        #expect(errors == [ImportRowError(
            line: 1, column: "name",
            message: "missing column (a customers file needs: external_id, name; found: id, email)")])
    }

    @Test func everyMissingColumnIsReported() {
        let errors = headerErrors(["customer"], .interactions, headerLine: 3)
        #expect(errors.map(\.column) == ["date", "channel", "kind", "summary"])
        #expect(errors.allSatisfy { $0.line == 3 })
    }

    @Test func aColumnGivenTwiceUnderTwoNamesIsRefused() {
        // given "customer" and its alias "Customer ID" in the same header
        let errors = headerErrors(["customer", "date", "Customer ID", "amount"], .purchases)
        // then the repetition is named with both positions
        #expect(errors == [ImportRowError(line: 1, column: "customer", message: "appears twice in the header (columns 1 and 3)")])
    }

    @Test func valuesAreTrimmedAndEmptyCellsAreAbsent() throws {
        // given a map for a purchases file
        let map = try ColumnMap(header: ["customer", "date", "amount", "reference"], kind: .purchases)
        // then cells are trimmed, blank ones and missing trailing ones are nil, unknown columns are nil
        #expect(map.value("customer", in: ["  C-1 ", "2026-03-05", "10", ""]) == "C-1")
        #expect(map.value("reference", in: ["C-1", "2026-03-05", "10", "   "]) == nil)
        #expect(map.value("reference", in: ["C-1", "2026-03-05"]) == nil)
        #expect(map.value("currency", in: ["C-1", "2026-03-05", "10", "INV"]) == nil)
    }

    @Test func aRowErrorDescribesItsLineAndColumn() {
        #expect(ImportRowError(line: 7, column: "date", message: "is empty").description == "7: date: is empty")
        #expect(ImportRowError(line: 7, column: "", message: "has 5 fields").description == "7: has 5 fields")
    }
}
