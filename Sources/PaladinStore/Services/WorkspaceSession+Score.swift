import Foundation
import PaladinAnalytics
import PaladinCore
import SQLKit

/// What a score run did.
public struct ScoreReport: Sendable {
    /// How one derived model's stages changed.
    public struct ModelChange: Sendable {
        public var model: String
        public var before: [String: Int]
        public var after: [String: Int]
        /// Customers whose computed stage changed.
        public var changed: Int
    }

    public var runId: Int64
    public var asOf: Timestamp
    public var customers: Int
    public var fits: [FitSummary]
    public var changes: [ModelChange]
    public var recommendations: [String: Int]
}

extension WorkspaceSession {
    /// Computes every customer's metrics as of `asOf` (default now), fits the repeat-buying models, re-derives every
    /// derived model (manual overrides stand), records explanations and recommendations — all in one transaction.
    /// Customers are processed in batches of `batchSize`, so memory stays small however many there are.
    /// `runId` is the run's id when one was reserved already (a background run); `progress` hears each phase with
    /// customers done of the total. A cancelled task stops between batches and writes nothing.
    public func score(
        asOf: Timestamp? = nil, batchSize: Int = 10_000, runId: Int64? = nil, progress: ImportProgress? = nil
    ) async throws -> ScoreReport {
        // A score run reads each page about once: a small page cache keeps its memory down (restored afterwards).
        try await database.setPageCache(mebibytes: 32)
        do {
            let report = try await runScore(asOf: asOf ?? clock.now(), batchSize: batchSize, runId: runId, progress: progress)
            try await database.setPageCache(mebibytes: PaladinDatabase.defaultPageCacheMebibytes)
            return report
        } catch {
            try? await database.setPageCache(mebibytes: PaladinDatabase.defaultPageCacheMebibytes)
            throw error
        }
    }

    private func runScore(asOf: Timestamp, batchSize: Int, runId reserved: Int64?, progress: ImportProgress?) async throws -> ScoreReport {
        let models = try await self.models().map(\.model)
        let schema = MetricCatalog.schema(models: models.map(\.key))
        let classifiers: [DerivedClassifier]
        do {
            classifiers = try models.filter { $0.kind == .derived }.map { try DerivedClassifier(model: $0, schema: schema) }
        } catch let error as DerivedRuleError {
            throw PaladinError.invalid(field: "model '\(error.model)'", message: "stage '\(error.stage)': \(error.error)")
        }
        // Pass 1: what the fits and the RFM quintiles need, for every customer at once (fixed size per customer).
        progress?("reading", 0, 1)
        let loader = EvidenceLoader(sql: database.sql, workspace: id)
        let ids = try await loader.customerIds()
        let summaries = try await loader.purchaseSummaries(asOf: asOf)
        progress?("fitting", 0, 1)
        let statistics = RepeatBuyingStep.figures(summaries, asOf: asOf)
        let today = asOf.date.daysSinceEpoch
        let rfm = RFM.score(summaries.map { id, summary in
            RFM.Input(customerId: id, daysSinceLastPurchase: today - summary.lastDay, purchaseDays: summary.days, revenueCents: summary.revenueCents)
        })
        let revenues = summaries.values.map(\.revenueCents).filter { $0 > 0 }.sorted()
        let highValue = revenues.isEmpty ? 0 : Double(revenues[(revenues.count * 4) / 5]) / 100

        // Pass 2: in one transaction, batch by batch of customers.
        let runId: Int64
        if let reserved {
            runId = reserved
        } else {
            runId = try await database.transaction { sql in try await IdAllocator(sql).reserve("score_runs", workspace: self.id) }
        }
        let before = try await derivedCounts(classifiers)
        let started = clock.now()
        let (workspace, actor, writer) = (id, self.actor, database.rows)
        let tally = try await database.transaction { sql -> ScoreTally in
            for table in ["customer_metrics", "derivations", "recommendations"] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: workspace)").run()
            }
            var tally = ScoreTally()
            let batchLoader = EvidenceLoader(sql: sql, workspace: workspace)
            var done = 0
            for batch in ids.chunked(into: batchSize) {
                try Task.checkCancellation()
                progress?("deriving", done, ids.count)
                let (evidence, positions) = try await batchLoader.batch(
                    low: batch.first! - 1, high: batch.last!, ids: batch, asOf: asOf, summaries: summaries)
                var rows = ScoreRows()
                var changes: [(customer: Int64, verdict: DerivedVerdict)] = []
                for customerId in batch {
                    guard let customer = evidence[customerId] else { continue }
                    let values = CustomerMetrics.compute(customer, asOf: asOf, statistics: statistics.perCustomer[customerId], rfm: rfm[customerId])
                    rows.metrics.append([.of(workspace), .of(customerId), .of(runId), .of(asOf.seconds), .of(MetricJSON.encode(values))])
                    var category: String?
                    for classifier in classifiers {
                        guard let verdict = classifier.classify(values) else { continue }
                        rows.derivations.append([.of(workspace), .of(customerId), .of(verdict.model), .of(verdict.stage), .of(verdict.rule), .of(verdict.explanation), .of(runId)])
                        let position = positions[customerId]?[verdict.model]
                        if position?.computedStage != verdict.stage { changes.append((customerId, verdict)) }
                        if verdict.model == "value-category" { category = position?.isOverride == true ? position?.stage : verdict.stage }
                    }
                    for recommendation in Recommendations.evaluate(values: values, category: category, highValueRevenue: highValue) {
                        rows.recommendations.append([.of(workspace), .of(customerId), .of(recommendation.kind.rawValue), .of(recommendation.reason), .of(runId)])
                        tally.recommendations[recommendation.kind.rawValue, default: 0] += 1
                    }
                }
                try await writer.insert(into: "customer_metrics", columns: ["workspace_id", "customer_id", "run_id", "as_of", "metric_values"], rows: rows.metrics)
                try await writer.insert(into: "derivations", columns: ["workspace_id", "customer_id", "model_key", "stage_key", "rule", "explanation", "run_id"], rows: rows.derivations)
                try await writer.insert(into: "recommendations", columns: ["workspace_id", "customer_id", "kind", "reason", "run_id"], rows: rows.recommendations)
                if !changes.isEmpty {
                    var next = try await IdAllocator(sql).reserve("moves", count: changes.count, workspace: workspace)
                    let moves = changes.map { change -> Move in
                        defer { next += 1 }
                        tally.changed[change.verdict.model, default: 0] += 1
                        return Move(id: next, customerId: change.customer, model: change.verdict.model,
                                    from: positions[change.customer]?[change.verdict.model]?.stage, to: change.verdict.stage,
                                    kind: .computed, at: asOf, actor: "score", reason: change.verdict.explanation)
                    }
                    try await JourneyStore(sql, workspace: workspace, writer: writer).append(moves, after: positions)
                    try await WebhookEvents(sql, workspace: self.workspace, writer: writer)
                        .record(changes.map { WebhookEvent.derived($0.verdict, customer: $0.customer, before: positions[$0.customer]?[$0.verdict.model], run: runId, asOf: asOf) }, at: self.clock.now())
                }
                done += batch.count
            }
            progress?("deriving", done, ids.count)
            let summary = statistics.fits.map { "\($0.model): \($0.converged ? "converged" : "did not converge")" }.joined(separator: "; ")
            try await sql.insert(into: "score_runs")
                .columns("workspace_id", "id", "started_at", "finished_at", "as_of", "status", "actor", "summary")
                .values(SQLBind(workspace), SQLBind(runId), SQLBind(started.seconds), SQLBind(self.clock.now().seconds),
                        SQLBind(asOf.seconds), SQLBind("finished"), SQLBind(actor), SQLBind(summary))
                .run()
            return tally
        }
        let after = try await derivedCounts(classifiers)
        let changes = classifiers.map { classifier in
            ScoreReport.ModelChange(
                model: classifier.model.key, before: before[classifier.model.key] ?? [:], after: after[classifier.model.key] ?? [:],
                changed: tally.changed[classifier.model.key] ?? 0)
        }
        return ScoreReport(runId: runId, asOf: asOf, customers: ids.count, fits: statistics.fits, changes: changes, recommendations: tally.recommendations)
    }

    private func derivedCounts(_ classifiers: [DerivedClassifier]) async throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        let journeys = JourneyStore(database.sql, workspace: id)
        for classifier in classifiers { counts[classifier.model.key] = try await journeys.stageCounts(model: classifier.model.key) }
        return counts
    }
}

/// Counts kept across the batches of a score run.
struct ScoreTally: Sendable {
    var changed: [String: Int] = [:]
    var recommendations: [String: Int] = [:]
}

/// The rows one batch of a score run writes.
struct ScoreRows {
    var metrics: [[DatabaseValue]] = []
    var derivations: [[DatabaseValue]] = []
    var recommendations: [[DatabaseValue]] = []
}

/// Metric values as a compact JSON object, and back.
enum MetricJSON {
    static func encode(_ values: [String: MetricValue]) -> String {
        var text = "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            text += "\"\(key)\":"
            switch values[key]! {
            case .number(let number): text += number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .boolean(let flag): text += flag ? "true" : "false"
            case .text(let string): text += quoted(string)
            }
        }
        return text + "}"
    }

    /// Reads back what `encode` wrote (numbers and texts; the catalog has no boolean metrics).
    static func decode(_ text: String) -> [String: MetricValue] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        var values: [String: MetricValue] = [:]
        for (key, value) in object {
            if let string = value as? String {
                values[key] = .text(string)
            } else if let number = value as? NSNumber {
                values[key] = .number(number.doubleValue)
            }
        }
        return values
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
