import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /exports/{kind}`: what `paladin export KIND` writes — CSV in the import format (default) or JSON — streamed.
enum ExportRoutes {
    enum Format: String, CaseIterable { case csv, json }

    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/exports/{kind}") { request, context in
            let name = try context.parameters.require("kind")
            guard let kind = ExportKind(rawValue: name) else {
                throw Problem.notFound("no export '\(name)' (exports: \(ExportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var query = Query(request)
            let format = query.choice("format", as: Format.self) ?? .csv
            try query.check()
            let session = context.session(database)
            let header = kind.header
            let headers: HTTPFields = [
                .contentType: format == .csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(kind.rawValue).\(format.rawValue)\"",
            ]
            let body = ResponseBody { writer in
                var first = true
                try await writer.write(ByteBuffer(string: format == .csv ? CSVWriter.line(header) : "["))
                try await session.export(kind) { rows in
                    var text = ""
                    for row in rows {
                        if format == .csv {
                            text += CSVWriter.line(row.map(\.cell))
                        } else {
                            text += (first ? "\n" : ",\n") + (try jsonObject(header: header, row: row))
                            first = false
                        }
                    }
                    try await writer.write(ByteBuffer(string: text))
                }
                if format == .json { try await writer.write(ByteBuffer(string: first ? "]\n" : "\n]\n")) }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// One exported row as a JSON object, keys in column order's sorted form, nulls explicit.
    static func jsonObject(header: [String], row: [ExportValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Dictionary(uniqueKeysWithValues: zip(header, row))), as: UTF8.self)
    }
}
