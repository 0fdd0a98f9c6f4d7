import Foundation
import Hummingbird

/// An RFC 9457 problem: the one shape of every API error. Field-level details go in `errors`.
public struct Problem: Error, Sendable, Encodable {
    /// One field's problem.
    public struct FieldError: Sendable, Encodable, Hashable {
        /// The field, as named on the wire (`name`, `tags[1]`).
        public let field: String
        /// What is wrong with it.
        public let message: String

        /// A field problem.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// A URI naming the kind of problem.
    public let type: String
    /// A short, fixed summary of the kind.
    public let title: String
    /// The HTTP status (written as its number).
    public let status: HTTPResponse.Status
    /// What went wrong this time, for a person.
    public let detail: String
    /// Field-level details (400 and 422).
    public let errors: [FieldError]?
    /// The required markers a refused move left unmet (409).
    public let unmet_markers: [String]?
    /// How many problems there are in all when `errors` lists only the first ones (a rejected import, 422).
    public let error_count: Int?

    /// A problem with `status`; `type` defaults to a Paladin URI named after the slug.
    public init(
        status: HTTPResponse.Status, slug: String, detail: String, errors: [FieldError]? = nil, unmetMarkers: [String]? = nil,
        errorCount: Int? = nil
    ) {
        self.type = "https://paladin.example/problems/\(slug)"
        self.title = status.reasonPhrase
        self.status = status
        self.detail = detail
        self.errors = errors
        self.unmet_markers = unmetMarkers
        self.error_count = errorCount
    }

    static func unauthorized(_ detail: String) -> Problem { Problem(status: .unauthorized, slug: "unauthorized", detail: detail) }
    static func forbidden(_ detail: String) -> Problem { Problem(status: .forbidden, slug: "forbidden", detail: detail) }
    static func notFound(_ detail: String) -> Problem { Problem(status: .notFound, slug: "not-found", detail: detail) }
    static func badRequest(_ detail: String, errors: [FieldError]) -> Problem {
        Problem(status: .badRequest, slug: "bad-request", detail: detail, errors: errors)
    }
    static func unprocessable(_ detail: String, errors: [FieldError]) -> Problem {
        Problem(status: .unprocessableContent, slug: "validation", detail: detail, errors: errors)
    }
    static let internalError = Problem(
        status: .internalServerError, slug: "internal", detail: "something went wrong on our side; it has been logged")
}

extension Problem: HTTPResponseError {
    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors, unmet_markers, error_count
    }

    /// The problem's members; absent optional members are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(errors, forKey: .errors)
        try container.encodeIfPresent(unmet_markers, forKey: .unmet_markers)
        try container.encodeIfPresent(error_count, forKey: .error_count)
    }

    /// The problem as `application/problem+json`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
