import PaladinAnalytics
import PaladinCore
import SQLKit

/// Everything one person does in one workspace: the application's use cases, each in one transaction.
/// The CLI calls these; the server will call the same.
public struct WorkspaceSession: Sendable {
    /// The open database.
    public let database: PaladinDatabase
    /// The workspace acted in.
    public let workspace: Workspace
    /// Where "now" comes from.
    public let clock: Clock
    /// Who is acting (recorded on moves, markers and interactions).
    public let actor: String

    /// A session in the workspace with `key`; fails when it does not exist.
    public static func open(
        _ database: PaladinDatabase, workspace key: String, clock: Clock = .system, actor: String
    ) async throws -> WorkspaceSession {
        guard let workspace = try await WorkspaceStore(database.sql).find(key: key) else {
            throw PaladinError.notFound("no workspace '\(key)' in this database; create it with `paladin init --workspace \(key)`")
        }
        return WorkspaceSession(database: database, workspace: workspace, clock: clock, actor: actor)
    }

    /// A session over known values.
    public init(database: PaladinDatabase, workspace: Workspace, clock: Clock, actor: String) {
        self.database = database
        self.workspace = workspace
        self.clock = clock
        self.actor = actor
    }

    var id: Int64 { workspace.id }

    // MARK: - Models

    /// Every model of the workspace.
    public func models() async throws -> [StoredModel] {
        try await ModelStore(database.sql, workspace: id).list()
    }

    /// The model with `key`, or a not-found error listing the models there are.
    public func model(_ key: String) async throws -> JourneyModel {
        try await Self.model(key, in: ModelStore(database.sql, workspace: id))
    }

    static func model(_ key: String, in store: ModelStore) async throws -> JourneyModel {
        if let stored = try await store.find(key) { return stored.model }
        let known = try await store.list().map(\.model.key).joined(separator: ", ")
        throw PaladinError.notFound("no model '\(key)' in this workspace (models: \(known))")
    }

    /// Validates a YAML or JSON model document and stores it, replacing a model with the same key.
    /// Models that mirror it must stay valid. Returns the stored model and whether it is new.
    public func importModel(_ text: String, source: String) async throws -> (StoredModel, created: Bool) {
        try await importModel(text, source: source, as: .addOrReplace)
    }

    /// `importModel`, refusing what `intent` rules out: a duplicate key (conflict) or another key than expected (invalid `key`).
    public func importModel(_ text: String, source: String, as intent: ModelImportIntent) async throws -> (StoredModel, created: Bool) {
        try await database.transaction { sql in
            let store = ModelStore(sql, workspace: self.id)
            let all = try await store.list()
            if case .replace(let key) = intent, !all.contains(where: { $0.model.key == key }) {
                throw PaladinError.notFound("no model '\(key)' in this workspace")
            }
            var others = Dictionary(uniqueKeysWithValues: all.map { ($0.model.key, $0.model) })
            let model: JourneyModel
            do throws(ModelDocumentError) {
                // Rules may name days_in_stage_<model> of every model, this one included, so learn its key first.
                let key = (try? ModelDocument.decode(text, source: source, others: others))?.key
                let checker = MetricCatalog.ruleChecker(models: Array(Set(all.map(\.model.key) + (key.map { [$0] } ?? []))))
                model = try ModelDocument.decode(text, source: source, others: others, checkRule: checker)
            } catch {
                throw PaladinError.model(error)
            }
            switch intent {
            case .addOrReplace: break
            case .add:
                if others[model.key] != nil { throw PaladinError.conflict("a model with key '\(model.key)' already exists") }
            case .replace(let key):
                if model.key != key {
                    throw PaladinError.invalid(field: "key", message: "is '\(model.key)', but the document was sent for model '\(key)'")
                }
            }
            others[model.key] = model
            for dependent in all.map(\.model) where dependent.mirrorOf == model.key {
                let problems = ModelValidator.issues(in: dependent, others: others)
                if !problems.isEmpty {
                    let issues = problems.map { ModelIssue(path: "(model \(dependent.key)) \($0.path)", message: $0.message) }
                    throw PaladinError.model(ModelDocumentError(source: source, issues: issues))
                }
            }
            let existed = all.contains { $0.model.key == model.key }
            try await Self.requireOccupiedStagesKept(
                model, replacing: all.first { $0.model.key == model.key }?.model, sql: sql, workspace: self.id)
            let stored = try await store.save(model, builtIn: false, at: self.clock.now())
            return (stored, !existed)
        }
    }

    // MARK: - Customers

    /// The customer an argument names (external id or numeric id), or a not-found error.
    public func customer(_ reference: String) async throws -> Customer {
        try await Self.customer(reference, in: CustomerStore(database.sql, workspace: id), workspace: workspace.key)
    }

    static func customer(_ reference: String, in store: CustomerStore, workspace: String) async throws -> Customer {
        guard let customer = try await store.resolve(reference.trimmingSpaces) else {
            throw PaladinError.notFound("no customer '\(reference)' in workspace '\(workspace)' (give an external id or a numeric id)")
        }
        return customer
    }

    /// Adds a customer and places them at the first stage of every guided model.
    public func addCustomer(_ draft: CustomerDraft) async throws -> Customer {
        if let problem = draft.problems().first { throw PaladinError.invalid(field: problem.field, message: problem.message) }
        return try await database.transaction { sql in
            let customers = CustomerStore(sql, workspace: self.id)
            if let externalId = draft.externalId, try await customers.find(externalId: externalId) != nil {
                throw PaladinError.conflict("a customer with external id '\(externalId)' already exists")
            }
            let now = self.clock.now()
            let customerId = try await IdAllocator(sql).reserve("customers", workspace: self.id)
            let customer = Customer(
                id: customerId, externalId: draft.externalId, name: draft.name, kind: draft.kind, email: draft.email,
                phone: draft.phone, company: draft.company, owner: draft.owner, tags: draft.tags,
                attributes: draft.attributes, createdAt: now, updatedAt: now)
            try await customers.insert([customer])
            try await self.enter([customerId], sql: sql, at: now)
            return customer
        }
    }

    /// Places new customers at the first stage of every guided model (their entry moves).
    func enter(_ customers: [Int64], sql: any SQLDatabase, at: Timestamp) async throws {
        let guided = try await ModelStore(sql, workspace: id).list().map(\.model).filter { $0.kind == .guided }
        guard !customers.isEmpty, !guided.isEmpty else { return }
        let count = customers.count * guided.count
        var next = try await IdAllocator(sql).reserve("moves", count: count, workspace: id)
        var moves: [Move] = []
        moves.reserveCapacity(count)
        for customer in customers {
            for model in guided {
                moves.append(Move(id: next, customerId: customer, model: model.key, from: nil, to: model.stages[0].key, kind: .entry, at: at, actor: actor))
                next += 1
            }
        }
        try await JourneyStore(sql, workspace: id, writer: database.rows).appendEntries(moves)
    }

    /// Customers matching `query`.
    public func customers(_ query: CustomerQuery) async throws -> [Customer] {
        try await CustomerStore(database.sql, workspace: id).list(query)
    }
}

/// What an import of a model document may do.
public enum ModelImportIntent: Sendable, Hashable {
    /// Add a new model or replace the one with the same key (`paladin models import`).
    case addOrReplace
    /// Add a new model only; an existing key is a conflict.
    case add
    /// Replace the existing model with this key (not found when there is none); a document with another key is invalid.
    case replace(String)
}

/// Changes to a customer's fields; nil leaves a field as it is, an empty text clears it.
public struct CustomerChanges: Sendable {
    public var externalId: String?
    public var name: String?
    public var email: String?
    public var phone: String?
    public var company: String?
    public var owner: String?
    public var addTags: [String]
    public var removeTags: [String]

    /// Changes; everything optional.
    public init(
        externalId: String? = nil, name: String? = nil, email: String? = nil, phone: String? = nil, company: String? = nil,
        owner: String? = nil, addTags: [String] = [], removeTags: [String] = []
    ) {
        self.externalId = externalId
        self.name = name
        self.email = email
        self.phone = phone
        self.company = company
        self.owner = owner
        self.addTags = addTags
        self.removeTags = removeTags
    }
}

extension WorkspaceSession {
    /// Applies `changes` to a customer; `expectedVersion`, when given, must match (no lost updates).
    public func updateCustomer(_ reference: String, changes: CustomerChanges, expectedVersion: Int64? = nil) async throws -> Customer {
        try await database.transaction { sql in
            let store = CustomerStore(sql, workspace: self.id)
            var customer = try await Self.customer(reference, in: store, workspace: self.workspace.key)
            let before = customer
            func apply(_ value: String?, to field: inout String?) {
                if let value { field = value.trimmingSpaces.nilIfEmpty }
            }
            apply(changes.externalId, to: &customer.externalId)
            apply(changes.email, to: &customer.email)
            apply(changes.phone, to: &customer.phone)
            apply(changes.company, to: &customer.company)
            apply(changes.owner, to: &customer.owner)
            if let name = changes.name { customer.name = name }
            let removed = Set(changes.removeTags.map { $0.trimmingSpaces.lowercased() })
            let draft = CustomerDraft(
                externalId: customer.externalId, name: customer.name, kind: customer.kind, email: customer.email,
                phone: customer.phone, company: customer.company, owner: customer.owner,
                tags: customer.tags.filter { !removed.contains($0) } + changes.addTags, attributes: customer.attributes)
            if let problem = draft.problems().first { throw PaladinError.invalid(field: problem.field, message: problem.message) }
            // After validation: a change that could never apply is refused as such whatever version it names.
            if let expectedVersion, expectedVersion != before.version {
                throw PaladinError.conflict("customer \(before.id) has changed since version \(expectedVersion) (now version \(before.version))")
            }
            customer.name = draft.name
            customer.tags = draft.tags
            guard customer != before else { return customer }
            if let externalId = customer.externalId, externalId != before.externalId, try await store.find(externalId: externalId) != nil {
                throw PaladinError.conflict("a customer with external id '\(externalId)' already exists")
            }
            customer.version += 1
            customer.updatedAt = self.clock.now()
            guard try await store.update(customer, expectedVersion: before.version) else {
                throw PaladinError.conflict("customer \(customer.id) was changed by someone else; try again")
            }
            return customer
        }
    }
}
