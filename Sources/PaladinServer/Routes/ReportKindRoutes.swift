import Hummingbird
import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

/// `GET /reports/{kind}`: what `paladin report KIND` shows, as JSON (default), CSV or its chart (SVG), for every role.
enum ReportKindRoutes {
    enum Format: String, CaseIterable { case json, csv, svg }

    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/reports/{kind}") { request, context in
            let name = try context.parameters.require("kind")
            guard let kind = ReportKind(rawValue: name) else {
                throw Problem.notFound("no report '\(name)' (reports: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var query = Query(request)
            let format = query.choice("format", as: Format.self) ?? .json
            let model = query.text("model")
            let from = query.timestamp("from")
            // A `to` without a time is the whole day, as on the command line.
            let to = query.timestamp("to").map { $0.seconds % 86_400 == 0 ? Timestamp(seconds: $0.adding(days: 1).seconds - 1) : $0 }
            let limit = query.integer("limit", in: 1...10_000) ?? 100
            try query.check()
            if kind.needsModel, model == nil {
                throw Problem.badRequest("model: is required for the \(kind.rawValue) report",
                                         errors: [.init(field: "model", message: "is required for the \(kind.rawValue) report")])
            }
            if let from, let to, to < from {
                throw Problem.unprocessable("to: is before from", errors: [.init(field: "to", message: "is before from")])
            }
            let session = context.session(database)
            let report = try await session.report(kind, options: ReportOptions(model: model, from: from, to: to, now: session.clock.now(), limit: limit))
            if format == .svg {
                let svg = ReportCharts.chart(for: report, stages: try await session.reportStages(report)).svgDocument
                return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: svg)))
            }
            guard format == .csv else { return try Body.json(report) }
            let table = report.table
            let text = ([table.columns] + table.rows).map { CSVWriter.line($0) }.joined()
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
