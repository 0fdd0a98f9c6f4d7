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
    public func score(asOf: Timestamp? = nil, progress: ImportProgress? = nil) async throws -> ScoreReport {
        let asOf = asOf ?? clock.now()
        let models = try await self.models().map(\.model)
        let schema = MetricCatalog.schema(models: models.map(\.key))
        let classifiers: [DerivedClassifier]
        do {
            classifiers = try models.filter { $0.kind == .derived }.map { try DerivedClassifier(model: $0, schema: schema) }
        } catch let error as DerivedRuleError {
            throw PaladinError.invalid(field: "model '\(error.model)'", message: "stage '\(error.stage)': \(error.error)")
        }
        progress?("reading", 0, 1)
        let (evidence, positions) = try await EvidenceLoader(sql: database.sql, workspace: id).load(asOf: asOf)
        progress?("fitting", 0, 1)
        let statistics = RepeatBuyingStep.figures(evidence.values, asOf: asOf)
        let rfm = RFM.score(evidence.values.compactMap { customer in
            guard let last = customer.purchaseDays.last else { return nil }
            return RFM.Input(customerId: customer.customerId, daysSinceLastPurchase: asOf.date.daysSinceEpoch - last.day,
                             purchaseDays: customer.purchaseDays.count, revenueCents: customer.revenue.cents)
        })
        let revenues = evidence.values.map(\.revenue.cents).filter { $0 > 0 }.sorted()
        let highValue = revenues.isEmpty ? 0 : Double(revenues[(revenues.count * 4) / 5]) / 100

        // The run's id is taken first (a gap if the run then fails is harmless), so every row can carry it.
        let runId = try await database.transaction { sql in try await IdAllocator(sql).reserve("score_runs", workspace: self.id) }
        var metricRows: [[DatabaseValue]] = []
        var derivationRows: [[DatabaseValue]] = []
        var recommendationRows: [[DatabaseValue]] = []
        var verdicts: [(customer: Int64, verdict: DerivedVerdict)] = []
        var counted: [String: Int] = [:]
        metricRows.reserveCapacity(evidence.count)
        for (index, customer) in evidence.values.enumerated() {
            if index % 20_000 == 0 { progress?("deriving", index, evidence.count) }
            let values = CustomerMetrics.compute(customer, asOf: asOf, statistics: statistics.perCustomer[customer.customerId], rfm: rfm[customer.customerId])
            metricRows.append([.of(id), .of(customer.customerId), .of(runId), .of(asOf.seconds), .of(MetricJSON.encode(values))])
            var category: String?
            for classifier in classifiers {
                guard let verdict = classifier.classify(values) else { continue }
                verdicts.append((customer.customerId, verdict))
                derivationRows.append([.of(id), .of(customer.customerId), .of(verdict.model), .of(verdict.stage), .of(verdict.rule), .of(verdict.explanation), .of(runId)])
                if verdict.model == "value-category" { category = positions[customer.customerId]?["value-category"].flatMap { $0.isOverride ? $0.stage : nil } ?? verdict.stage }
            }
            for recommendation in Recommendations.evaluate(values: values, category: category, highValueRevenue: highValue) {
                recommendationRows.append([.of(id), .of(customer.customerId), .of(recommendation.kind.rawValue), .of(recommendation.reason), .of(runId)])
                counted[recommendation.kind.rawValue, default: 0] += 1
            }
        }
        let changedVerdicts = verdicts.filter { positions[$0.customer]?[$0.verdict.model]?.computedStage != $0.verdict.stage }
        let before = try await derivedCounts(classifiers)
        let started = clock.now()
        let actor = self.actor
        let (metrics, derivations, recommendations) = (metricRows, derivationRows, recommendationRows)
        try await database.transaction { sql in
            let ids = IdAllocator(sql)
            progress?("writing", 0, 1)
            for table in ["customer_metrics", "derivations", "recommendations"] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: self.id)").run()
            }
            let rows = self.database.rows
            try await rows.insert(into: "customer_metrics", columns: ["workspace_id", "customer_id", "run_id", "as_of", "metric_values"], rows: metrics)
            try await rows.insert(into: "derivations", columns: ["workspace_id", "customer_id", "model_key", "stage_key", "rule", "explanation", "run_id"], rows: derivations)
            try await rows.insert(into: "recommendations", columns: ["workspace_id", "customer_id", "kind", "reason", "run_id"], rows: recommendations)
            if !changedVerdicts.isEmpty {
                var next = try await ids.reserve("moves", count: changedVerdicts.count, workspace: self.id)
                let moves = changedVerdicts.map { change -> Move in
                    defer { next += 1 }
                    return Move(id: next, customerId: change.customer, model: change.verdict.model,
                                from: positions[change.customer]?[change.verdict.model]?.stage, to: change.verdict.stage,
                                kind: .computed, at: asOf, actor: "score", reason: change.verdict.explanation)
                }
                try await JourneyStore(sql, workspace: self.id, writer: rows).append(moves, after: positions)
            }
            let summary = statistics.fits.map { "\($0.model): \($0.converged ? "converged" : "did not converge")" }.joined(separator: "; ")
            try await sql.insert(into: "score_runs")
                .columns("workspace_id", "id", "started_at", "finished_at", "as_of", "status", "actor", "summary")
                .values(SQLBind(self.id), SQLBind(runId), SQLBind(started.seconds), SQLBind(self.clock.now().seconds),
                        SQLBind(asOf.seconds), SQLBind("finished"), SQLBind(actor), SQLBind(summary))
                .run()
        }
        let after = try await derivedCounts(classifiers)
        let changes = classifiers.map { classifier in
            ScoreReport.ModelChange(
                model: classifier.model.key, before: before[classifier.model.key] ?? [:], after: after[classifier.model.key] ?? [:],
                changed: changedVerdicts.filter { $0.verdict.model == classifier.model.key }.count)
        }
        return ScoreReport(runId: runId, asOf: asOf, customers: evidence.count, fits: statistics.fits, changes: changes, recommendations: counted)
    }

    private func derivedCounts(_ classifiers: [DerivedClassifier]) async throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        let journeys = JourneyStore(database.sql, workspace: id)
        for classifier in classifiers { counts[classifier.model.key] = try await journeys.stageCounts(model: classifier.model.key) }
        return counts
    }
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
