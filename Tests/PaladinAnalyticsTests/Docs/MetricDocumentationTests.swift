import Foundation
import PaladinAnalytics
import Testing

/// The README's metric table is the user's documentation of the rule language: it must name every metric.
@Test func theReadmeDocumentsEveryMetric() throws {
    // given the README at the package root
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    // then every catalog metric appears in it, written as code
    let missing = MetricCatalog.customer.map(\.name).filter { !readme.contains("`\($0)`") }
    #expect(missing.isEmpty, "README.md does not document: \(missing)")
    #expect(readme.contains("`days_in_stage_customer_journey`"))
}
