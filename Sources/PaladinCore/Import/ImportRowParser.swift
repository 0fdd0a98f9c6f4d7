/// What the store already knows that rows are checked against.
public struct ImportContext: Sendable {
    /// Customer ids by external id.
    public var externalIds: [String: Int64]
    /// Marker keys by model key.
    public var markers: [String: Set<String>]
    /// Every customer id, so a row may name a customer without an external id by its number.
    public var customerIds: Set<Int64>

    /// A context.
    public init(externalIds: [String: Int64] = [:], markers: [String: Set<String>] = [:], customerIds: Set<Int64> = []) {
        self.externalIds = externalIds
        self.markers = markers
        self.customerIds = customerIds
    }
}

/// One row, understood. Evidence carries id 0 until the store assigns ids.
public enum ImportedRow: Sendable {
    case customer(CustomerDraft)
    case purchase(Purchase)
    case cost(CostToServe)
    case interaction(Interaction, markers: [MarkerReference], followUp: CivilDate?)
    case survey(SurveyResponse)
}

/// Turns CSV records of one kind into domain values, or into errors naming line and column.
public struct ImportRowParser: Sendable {
    public let kind: ImportKind
    public let columns: ColumnMap
    let headerCount: Int
    let dates: DateParser
    let amounts: AmountParser
    let options: ImportOptions
    let context: ImportContext

    /// A parser for files with `header`; throws when the header or the date format is unusable.
    public init(kind: ImportKind, header: [String], headerLine: Int = 1, options: ImportOptions, context: ImportContext) throws(ImportHeaderError) {
        self.kind = kind
        self.columns = try ColumnMap(header: header, kind: kind, headerLine: headerLine)
        self.headerCount = header.count
        do {
            self.dates = try DateParser(format: options.dateFormat)
        } catch {
            throw ImportHeaderError(errors: [], badDateFormat: error.message)
        }
        self.amounts = AmountParser(decimalComma: options.decimalComma)
        self.options = options
        self.context = context
    }

    /// The row on `line`, or every problem found in it.
    public func parse(line: Int, fields: [String]) -> Result<ImportedRow, RowErrors> {
        var errors: [ImportRowError] = []
        if fields.count > headerCount {
            return .failure(RowErrors(errors: [ImportRowError(line: line, column: "", message: "has \(fields.count) fields but the header has \(headerCount)")]))
        }
        func fail(_ column: String, _ message: String) { errors.append(ImportRowError(line: line, column: column, message: message)) }
        func required(_ column: String) -> String? {
            guard let value = columns.value(column, in: fields) else { fail(column, "is empty"); return nil }
            return value
        }
        func date(_ column: String, required isRequired: Bool = true) -> Timestamp? {
            guard let text = isRequired ? required(column) : columns.value(column, in: fields) else { return nil }
            switch dates.parse(text) {
            case .success(let seconds): return Timestamp(seconds: seconds)
            case .failure(let failure): fail(column, failure.message); return nil
            }
        }
        func amount(_ column: String) -> Money? {
            guard let text = required(column) else { return nil }
            switch amounts.parse(text) {
            case .success(let cents) where cents < 0: fail(column, "'\(text)' is negative; amounts must be zero or more"); return nil
            case .success(let cents): return Money(cents: cents)
            case .failure(let failure): fail(column, failure.message); return nil
            }
        }
        func customer() -> Int64? {
            guard let external = required("customer") else { return nil }
            // The same rule as everywhere: an external id first, else Paladin's numeric id.
            if let id = context.externalIds[external] { return id }
            if let id = Int64(external), context.customerIds.contains(id) { return id }
            fail("customer", "no customer with external id '\(external)' (import the customers first)")
            return nil
        }
        func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, default fallback: T?) -> T? where T.RawValue == String {
            guard let text = fallback == nil ? required(column) : columns.value(column, in: fields) else { return fallback }
            let normal = ColumnMap.normalise(text)
            if let value = T(rawValue: normal) ?? T.allCases.first(where: { "\($0.rawValue)".replacingUnderscores == normal.replacingUnderscores }) { return value }
            fail(column, "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }

        let row: ImportedRow?
        switch kind {
        case .customers:
            var attributes: [String: String] = [:]
            for (index, name) in columns.extras where index < fields.count {
                let value = fields[index].trimmingSpaces
                if !value.isEmpty { attributes[name] = value }
            }
            let draft = CustomerDraft(
                externalId: required("external_id"), name: columns.value("name", in: fields) ?? "",
                kind: choice("kind", CustomerKind.self, default: .person) ?? .person,
                email: columns.value("email", in: fields), phone: columns.value("phone", in: fields),
                company: columns.value("company", in: fields), owner: columns.value("owner", in: fields),
                tags: (columns.value("tags", in: fields) ?? "").split(whereSeparator: { $0 == "|" || $0 == "," || $0 == ";" }).map(String.init),
                attributes: attributes)
            for problem in draft.problems() where !(problem.field == "external_id" && draft.externalId == nil) {
                fail(problem.field, problem.message)
            }
            row = .customer(draft)
        case .purchases:
            let (id, at, money) = (customer(), date("date"), amount("amount"))
            let currency = (columns.value("currency", in: fields) ?? options.defaultCurrency).uppercased()
            if !Workspace.isCurrencyCode(currency) { fail("currency", "'\(currency)' is not a three-letter currency code") }
            row = id.flatMap { id in at.flatMap { at in money.map { .purchase(Purchase(id: 0, customerId: id, at: at, amount: $0, currency: currency, reference: columns.value("reference", in: fields))) } } }
        case .costs:
            let (id, at, money) = (customer(), date("date"), amount("amount"))
            let category = choice("category", CostCategory.self, default: .other)
            row = id.flatMap { id in at.flatMap { at in money.flatMap { money in category.map { .cost(CostToServe(id: 0, customerId: id, at: at, amount: money, category: $0, note: columns.value("note", in: fields))) } } } }
        case .surveys:
            let (id, at) = (customer(), date("date"))
            var score: Int?
            if let text = required("score") {
                if let value = Int(text), SurveyResponse.isValidScore(value) { score = value } else { fail("score", "'\(text)' is not a whole number from 0 to 10") }
            }
            row = id.flatMap { id in at.flatMap { at in score.map { .survey(SurveyResponse(id: 0, customerId: id, at: at, score: $0, comment: columns.value("comment", in: fields))) } } }
        case .interactions:
            let (id, at) = (customer(), date("date"))
            let channel = choice("channel", Channel.self, default: nil)
            let kind = choice("kind", InteractionKind.self, default: nil)
            let summary = required("summary")
            var markers: [MarkerReference] = []
            for text in (columns.value("markers", in: fields) ?? "").split(whereSeparator: { $0 == "|" || $0 == "," || $0 == ";" || $0 == " " }) {
                guard let reference = MarkerReference(parsing: String(text)) else { fail("markers", "'\(text)' is not MODEL:MARKER"); continue }
                guard let known = context.markers[reference.model] else { fail("markers", "no model '\(reference.model)'"); continue }
                if !known.contains(reference.marker) { fail("markers", "model '\(reference.model)' has no marker '\(reference.marker)'"); continue }
                markers.append(reference)
            }
            let followUp = date("follow_up", required: false).map(\.date)
            if let channel, let kind, let summary, let id, let at {
                row = .interaction(Interaction(id: 0, customerId: id, at: at, channel: channel, kind: kind, summary: summary, decision: columns.value("decision", in: fields), actor: "import"), markers: markers, followUp: followUp)
            } else {
                row = nil
            }
        }
        if let row, errors.isEmpty { return .success(row) }
        return .failure(RowErrors(errors: errors))
    }
}

/// Every problem found in one row.
public struct RowErrors: Error, Sendable {
    /// The problems, in column order.
    public var errors: [ImportRowError]
}

extension String {
    fileprivate var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
