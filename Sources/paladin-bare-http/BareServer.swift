import Hummingbird

/// The reference for `scripts/bench-api.sh`: a bare Hummingbird server with one route answering a fixed JSON body of
/// about the size of a customer, so the benchmark can print Paladin's throughput beside what Hummingbird itself does
/// on the same machine in the same run. Not part of Paladin; `paladin-bare-http [PORT]`, loopback only.
@main
struct BareServer {
    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8181
        let body = ByteBuffer(string: #"{"id":1,"external_id":"C-0000001","name":"Customer 1","kind":"person","email":"c1@example.com","phone":null,"company":null,"owner":"ana@example.com","tags":["retail"],"attributes":{},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}"#)
        let router = Router()
        router.get("/bare/customers/{id}") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
