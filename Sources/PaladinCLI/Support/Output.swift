import Foundation
import PaladinCore

/// Writing to the terminal: results on stdout, messages on stderr.
enum Output {
    /// Writes `text` and a newline to stdout.
    static func line(_ text: String = "") {
        write(text + "\n")
    }

    /// Writes `text` to stdout as is.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `error: message` to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// Writes a note to stderr (so stdout stays machine-readable).
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Whether stderr is a terminal (progress bars only go there).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Encodes `value` as indented JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.paladinExplicitNulls] = true
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    /// Renders rows as aligned columns under a header.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(cell.count, 48))
            }
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let text = cell.count > 48 ? String(cell.prefix(47)) + "…" : cell
                return index == cells.count - 1 ? text : text.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [render(header), render(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(render)
        return lines.joined(separator: "\n")
    }

    /// Renders rows as CSV with a header line.
    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { CSVWriter.line($0) }.joined()
    }

    /// Prints rows in the chosen format (JSON is handled by the caller, which has typed views).
    static func rows(_ format: OutputFormat, _ header: [String], _ rows: [[String]]) {
        switch format {
        case .csv: write(csv(header, rows))
        default: line(table(header, rows))
        }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private let enabled = Output.stderrIsTerminal

    /// Draws `phase` at `done` of `total`, at most ten times a second.
    func update(_ phase: String, _ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) > 0.1 || done >= total else { return }
        lastDrawn = now
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int(fraction * 30)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(phase.padding(toLength: 9, withPad: " ", startingAt: 0)) \(bar) \(Int(fraction * 100))% (\(done)/\(total))".utf8))
    }

    /// Clears the bar.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension Output {
    /// Encodes `value` as one line of JSON with sorted keys.
    static func compactJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }
}
