import Foundation
import Hummingbird
import PaladinCore
import PaladinViews

/// Reading request bodies and writing JSON responses, the same way on every route.
enum Body {
    /// Decodes a JSON body: 415 unless it is JSON, 413 when too large, 400 naming the field when malformed.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw Problem(status: .unsupportedMediaType, slug: "unsupported-media-type",
                          detail: "send the body as application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(status: .contentTooLarge, slug: "content-too-large",
                          detail: "the body is larger than \(context.maxUploadSize) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Problem.badRequest("the body is not valid for this request", errors: [fieldError(error)])
        }
    }

    static func fieldError(_ error: DecodingError) -> Problem.FieldError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath).nilIfEmpty ?? "body", message: "must be \(JSONType.name(type))")
        case .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath).nilIfEmpty ?? "body", message: "must be \(JSONType.name(type)), not null")
        case .dataCorrupted(let context):
            return .init(field: path(context.codingPath).nilIfEmpty ?? "body",
                         message: context.codingPath.isEmpty ? "is not valid JSON" : "has an invalid value")
        @unknown default:
            return .init(field: "body", message: "is not valid")
        }
    }

    /// A JSON response with sorted keys and explicit nulls, like the CLI's `--format json`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.paladinExplicitNulls] = true
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// A response whose body is JSON text already.
    static func rawJSON(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Names of JSON types for messages.
enum JSONType {
    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is [String].Type, is [Any].Type: return "an array"
        default: return "an object"
        }
    }
}
