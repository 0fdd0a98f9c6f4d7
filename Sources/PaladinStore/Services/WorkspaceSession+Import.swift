import PaladinCore
import SQLKit

/// The outcome of an import that wrote something (or, with nothing valid, nothing).
public struct ImportOutcome: Sendable {
    /// What was imported.
    public var kind: ImportKind
    /// Data rows read (header excluded).
    public var rows: Int
    /// Rows written (created + updated for customers).
    public var imported: Int
    /// Customers created (customer imports).
    public var created: Int
    /// Customers updated (customer imports).
    public var updated: Int
    /// Rows left out with `skipInvalid`, with the header of the file.
    public var header: [String]
    public var rejected: [RejectedRow]
}

/// A row left out of an import, with its fields as read and every reason.
public struct RejectedRow: Sendable {
    public var line: Int
    public var fields: [String]
    public var errors: [ImportRowError]
}

/// An import refused as a whole: nothing was written.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    /// The file name used in messages.
    public var source: String
    /// Every problem, in line order.
    public var errors: [ImportRowError]
    /// How many rows had problems.
    public var badRows: Int
    /// At most this many problems are listed.
    public static let listed = 100

    /// `FILE:LINE: COLUMN: problem`, one per line, the first 100, then a count of the rest.
    public var description: String {
        var lines = errors.prefix(Self.listed).map { "\(source):\($0)" }
        if errors.count > Self.listed { lines.append("… and \(errors.count - Self.listed) more problems") }
        if badRows > 0 {
            lines.append("\(badRows) bad row\(badRows == 1 ? "" : "s"); nothing was imported (use --skip-invalid to import the good rows)")
        } else {
            lines.append("nothing was imported")
        }
        return lines.joined(separator: "\n")
    }
}

/// Thrown inside a dry run's transaction to roll it back, carrying what it would have written.
private struct DryRunRollback: Error {
    var created: Int
    var updated: Int
}

/// Progress of a long import: the phase and how far it is.
public typealias ImportProgress = @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void

extension WorkspaceSession {
    /// Reads a CSV file of `kind`, validates every row, and writes all of it in one transaction — or nothing.
    /// With `skipInvalid`, the good rows are written and the bad ones returned in the outcome. With `dryRun`, the rows
    /// are written in a transaction that is then rolled back: the outcome counts what would be written, nothing is.
    public func importCSV(
        _ kind: ImportKind, bytes: [UInt8], source: String, options: ImportOptions, skipInvalid: Bool, dryRun: Bool = false,
        progress: ImportProgress? = nil
    ) async throws -> ImportOutcome {
        var reader: CSVReader
        do {
            reader = try CSVReader(bytes: bytes)
        } catch {
            throw ImportRejected(source: source, errors: [ImportRowError(line: error.line, column: "", message: error.message)], badRows: 0)
        }
        let customers = CustomerStore(database.sql, workspace: id)
        var context = ImportContext(externalIds: try await customers.externalIds())
        if kind != .customers { context.customerIds = try await customers.ids() }
        if kind == .interactions {
            for stored in try await models() { context.markers[stored.model.key] = Set(stored.model.stages.flatMap(\.markers).map(\.key)) }
        }
        let parser: ImportRowParser
        do {
            parser = try ImportRowParser(kind: kind, header: reader.header, headerLine: reader.headerLine, options: options, context: context)
        } catch {
            if let problem = error.badDateFormat { throw PaladinError.invalid(field: "--date-format", message: problem) }
            throw ImportRejected(source: source, errors: error.errors, badRows: 0)
        }

        var accepted: [ImportedRow] = []
        var rejected: [RejectedRow] = []
        var seenExternalIds: [String: Int] = [:]
        var rows = 0
        let estimate = max(1, bytes.count / 40)
        do {
            while let record = try reader.next() {
                rows += 1
                if rows % 50_000 == 0 { progress?("checking", rows, max(rows, estimate)) }
                switch parser.parse(line: record.line, fields: record.fields) {
                case .success(let row):
                    if case .customer(let draft) = row, let external = draft.externalId {
                        if let first = seenExternalIds[external] {
                            rejected.append(RejectedRow(line: record.line, fields: record.fields, errors: [
                                ImportRowError(line: record.line, column: "external_id", message: "'\(external)' appears again (first on line \(first))")]))
                            continue
                        }
                        seenExternalIds[external] = record.line
                    }
                    accepted.append(row)
                case .failure(let failure):
                    rejected.append(RejectedRow(line: record.line, fields: record.fields, errors: failure.errors))
                }
            }
        } catch {
            throw ImportRejected(source: source, errors: [ImportRowError(line: error.line, column: "", message: error.message)], badRows: rejected.count + 1)
        }
        if !rejected.isEmpty, !skipInvalid {
            throw ImportRejected(source: source, errors: rejected.flatMap(\.errors), badRows: rejected.count)
        }
        let rowsToWrite = accepted
        let known = context.externalIds
        let created: Int, updated: Int
        do {
            (created, updated) = try await database.transaction { sql in
                let counts = try await self.write(kind, rowsToWrite, existing: known, sql: sql, progress: progress)
                if dryRun { throw DryRunRollback(created: counts.created, updated: counts.updated) }
                return counts
            }
        } catch let rollback as DryRunRollback {
            (created, updated) = (rollback.created, rollback.updated)
        }
        return ImportOutcome(
            kind: kind, rows: rows, imported: accepted.count, created: created, updated: updated,
            header: reader.header, rejected: rejected)
    }

    private func write(
        _ kind: ImportKind, _ rows: [ImportedRow], existing: [String: Int64], sql: any SQLDatabase, progress: ImportProgress?
    ) async throws -> (created: Int, updated: Int) {
        let ids = IdAllocator(sql)
        let evidence = EvidenceStore(sql, workspace: id, writer: database.rows)
        let batch = 20_000
        func reserve(_ table: String, _ count: Int) async throws -> Int64 {
            count == 0 ? 0 : try await ids.reserve(table, count: count, workspace: id)
        }
        switch kind {
        case .customers:
            return try await writeCustomers(rows.compactMap { if case .customer(let draft) = $0 { return draft } else { return nil } }, existing: existing, sql: sql)
        case .purchases:
            var next = try await reserve("purchases", rows.count)
            for (index, chunk) in rows.chunked(into: batch).enumerated() {
                let purchases: [Purchase] = chunk.compactMap { row in
                    guard case .purchase(var purchase) = row else { return nil }
                    purchase.id = next; next += 1
                    return purchase
                }
                try await evidence.insert(purchases)
                progress?("writing", min(rows.count, (index + 1) * batch), rows.count)
            }
        case .costs:
            var next = try await reserve("costs", rows.count)
            try await evidence.insert(rows.compactMap { row -> CostToServe? in
                guard case .cost(var cost) = row else { return nil }
                cost.id = next; next += 1
                return cost
            })
        case .surveys:
            var next = try await reserve("survey_responses", rows.count)
            try await evidence.insert(rows.compactMap { row -> SurveyResponse? in
                guard case .survey(var response) = row else { return nil }
                response.id = next; next += 1
                return response
            })
        case .interactions:
            var interactions: [Interaction] = []
            var markers: [MarkerRecord] = []
            var followUps: [FollowUp] = []
            var next = try await reserve("interactions", rows.count)
            for row in rows {
                guard case .interaction(var interaction, let references, let due) = row else { continue }
                interaction.id = next; next += 1
                interaction.actor = actor
                interactions.append(interaction)
                for reference in references {
                    markers.append(MarkerRecord(id: 0, customerId: interaction.customerId, model: reference.model, marker: reference.marker, at: interaction.at, actor: actor, note: interaction.summary, interactionId: interaction.id))
                }
                if let due {
                    followUps.append(FollowUp(id: 0, customerId: interaction.customerId, interactionId: interaction.id, due: due, note: interaction.summary))
                }
            }
            var markerId = try await reserve("markers_met", markers.count)
            for index in markers.indices { markers[index].id = markerId; markerId += 1 }
            var followUpId = try await reserve("follow_ups", followUps.count)
            for index in followUps.indices { followUps[index].id = followUpId; followUpId += 1 }
            try await evidence.insert(interactions)
            try await JourneyStore(sql, workspace: id, writer: database.rows).record(markers)
            try await evidence.insert(followUps)
        }
        return (0, 0)
    }

    private func writeCustomers(_ drafts: [CustomerDraft], existing: [String: Int64], sql: any SQLDatabase) async throws -> (created: Int, updated: Int) {
        let store = CustomerStore(sql, workspace: id, writer: database.rows)
        let now = clock.now()
        let fresh = drafts.filter { existing[$0.externalId ?? ""] == nil }
        var next = fresh.isEmpty ? 0 : try await IdAllocator(sql).reserve("customers", count: fresh.count, workspace: id)
        var created: [Customer] = []
        for draft in fresh {
            created.append(Customer(id: next, externalId: draft.externalId, name: draft.name, kind: draft.kind, email: draft.email,
                phone: draft.phone, company: draft.company, owner: draft.owner, tags: draft.tags, attributes: draft.attributes,
                createdAt: now, updatedAt: now))
            next += 1
        }
        try await store.insert(created)
        try await enter(created.map(\.id), sql: sql, at: now)
        var updated = 0
        for draft in drafts {
            guard let customerId = existing[draft.externalId ?? ""], var customer = try await store.find(id: customerId) else { continue }
            let before = customer
            customer.name = draft.name
            customer.kind = draft.kind
            customer.email = draft.email ?? customer.email
            customer.phone = draft.phone ?? customer.phone
            customer.company = draft.company ?? customer.company
            customer.owner = draft.owner ?? customer.owner
            if !draft.tags.isEmpty { customer.tags = draft.tags }
            customer.attributes.merge(draft.attributes) { _, new in new }
            guard customer != before else { continue }
            customer.updatedAt = now
            customer.version += 1
            try await store.update(customer, expectedVersion: before.version)
            updated += 1
        }
        return (created.count, updated)
    }
}
