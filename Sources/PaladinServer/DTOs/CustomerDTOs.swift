import PaladinCore
import PaladinStore
import PaladinViews

/// The body of `POST /customers`: a new customer as a client may describe it (the server picks the id).
struct NewCustomerBody: Decodable, Sendable {
    var name: String
    var external_id: String?
    var kind: String?
    var email: String?
    var phone: String?
    var company: String?
    var owner: String?
    var tags: [String]?
    var attributes: [String: String]?

    /// The draft for the use case; an unknown `kind` answers 422.
    func draft(defaultOwner: String?) throws -> CustomerDraft {
        let kind: CustomerKind
        if let text = self.kind {
            guard let parsed = CustomerKind(rawValue: text) else {
                throw Problem.unprocessable("kind: '\(text)' is not person or organisation",
                                            errors: [.init(field: "kind", message: "must be person or organisation")])
            }
            kind = parsed
        } else {
            kind = .person
        }
        return CustomerDraft(
            externalId: external_id?.trimmingSpaces.nilIfEmpty, name: name.trimmingSpaces, kind: kind, email: email?.trimmingSpaces.nilIfEmpty,
            phone: phone, company: company, owner: owner?.trimmingSpaces.nilIfEmpty ?? defaultOwner, tags: tags ?? [],
            attributes: attributes ?? [:])
    }
}

/// One page of customers, and where the next one starts.
struct CustomerPage: Encodable {
    let items: [CustomerView]
    /// Pass as `cursor` for the next page; null on the last page.
    let next_cursor: String?

    private enum CodingKeys: String, CodingKey { case items, next_cursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next_cursor, forKey: .next_cursor)
    }
}

/// The body of `PATCH /customers/{id}`: only the fields present change; an empty text clears a field.
struct CustomerPatchBody: Decodable, Sendable {
    var name: String?
    var external_id: String?
    var email: String?
    var phone: String?
    var company: String?
    var owner: String?
    var add_tags: [String]?
    var remove_tags: [String]?

    var changes: CustomerChanges {
        CustomerChanges(
            externalId: external_id, name: name, email: email, phone: phone, company: company, owner: owner,
            addTags: add_tags ?? [], removeTags: remove_tags ?? [])
    }
}
