import HTTPTypes
import Hummingbird
import PaladinCore
import PaladinStore

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

/// Honours `Idempotency-Key` on every POST of the API: the first request with a key runs and its answer is stored;
/// the same request again (same member, path and body) gets that answer back without running the handler, marked
/// `Idempotent-Replayed: true`; the same key with another request answers 422.
///
/// The key is claimed (a row with status 0) *before* the handler runs and the answer stored right *after* it, not
/// in the handler's transaction: the use cases own their transactions. The claim is what makes a retry safe: a
/// repeat that arrives while the first is running, or after a crash between the write and storing the answer,
/// finds the key claimed and answers 409 rather than recording twice. A handler that throws wrote nothing
/// (the use cases roll back), so the claim is released and a retry runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = MemberContext
    let database: PaladinDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Problem.badRequest("Idempotency-Key: must be 1 to 255 characters without spaces",
                                     errors: [.init(field: "Idempotency-Key", message: "must be 1 to 255 characters without spaces")])
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(status: .contentTooLarge, slug: "content-too-large", detail: "the body is larger than \(context.maxUploadSize) bytes")
        }
        var request = request
        request.body = .init(buffer: buffer)
        let store = IdempotencyStore(database.sql, workspace: context.principal.workspace.id)
        let record = IdempotencyRecord(
            key: key, memberId: context.principal.member.id, method: request.method.rawValue, path: request.uri.path,
            bodyHash: IdempotencyRecord.hash(of: buffer.readableBytesView), createdAt: Clock.system.now())
        guard try await store.claim(record) else {
            return try await Self.replay(try await store.find(key: key), of: record)
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(key: key)
            throw error
        }
        let collected = try await Self.collect(response)
        // An answer marked `no-store` holds secrets shown once (survey links): it is never kept for a replay, and the
        // key is released (a retry runs again).
        if collected.headers[.cacheControl] == "no-store" {
            try await store.release(key: key)
            return Response(status: collected.status, headers: collected.headers, body: .init(byteBuffer: collected.body))
        }
        try await store.complete(key: key, status: Int(collected.status.code), body: String(buffer: collected.body),
                                 contentType: collected.headers[.contentType])
        return Response(status: collected.status, headers: collected.headers, body: .init(byteBuffer: collected.body))
    }

    /// The stored answer to a repeated request; 422 when the key was used for another request, 409 while the first runs.
    static func replay(_ stored: IdempotencyRecord?, of record: IdempotencyRecord) async throws -> Response {
        guard let stored, stored.isRepeat(of: record) else {
            throw Problem.unprocessable("Idempotency-Key: this key was used for another request",
                                        errors: [.init(field: "Idempotency-Key", message: "was used for another request; use a new key")])
        }
        guard stored.status != 0 else {
            throw Problem(status: .conflict, slug: "idempotency-in-progress",
                          detail: "a request with this Idempotency-Key is still being handled (or was interrupted); try again later")
        }
        var headers: HTTPFields = [.idempotentReplayed: "true"]
        if let contentType = stored.contentType { headers[.contentType] = contentType }
        return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: stored.responseBody ?? "")))
    }

    /// A response with its body read into memory (the API's bodies are small JSON documents).
    static func collect(_ response: Response) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer) {
        let box = CollectedBody()
        try await response.body.write(CollectingWriter(box: box))
        return (response.status, response.headers, box.buffer)
    }
}

/// Where ``CollectingWriter`` puts what it is given.
private final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// A body writer that keeps the bytes instead of sending them.
private struct CollectingWriter: ResponseBodyWriter {
    let box: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
