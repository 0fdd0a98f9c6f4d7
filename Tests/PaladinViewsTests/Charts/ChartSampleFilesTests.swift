import Foundation
import Testing

/// Writes one SVG of each sample chart to a temporary folder, so a person can open them in a browser.
@Test func sampleChartsAreWrittenForPeopleToLookAt() throws {
    // given a fresh folder
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-chart-samples")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // when every sample is written
    for sample in ChartSamples.all {
        try sample.chart.svgDocument.write(to: folder.appendingPathComponent("\(sample.name).svg"), atomically: true, encoding: .utf8)
    }
    // then they are all there
    let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
    #expect(written.count == ChartSamples.all.count)
    print("Sample charts: \(folder.path)")
}
