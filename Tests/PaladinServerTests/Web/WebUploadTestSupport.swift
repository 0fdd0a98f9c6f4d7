import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer

extension Browser {
    /// POST a `multipart/form-data` form to `uri`: `fields` as text parts (the CSRF token of the last page added unless
    /// `csrf` is given) and `files` as file parts (field name, file name, content).
    mutating func postMultipart(
        _ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], files: [(String, String, [UInt8])],
        csrf: String?? = .none
    ) async throws -> TestResponse {
        var all = fields
        switch csrf {
        case .none: all.append(("csrf", self.csrf))
        case .some(.some(let token)): all.append(("csrf", token))
        case .some(.none): break
        }
        let boundary = "----paladin-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, fileName, content) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            body += content
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        read(response)
        return response
    }

    /// The value of the hidden `upload` field of the page's confirm form.
    static func uploadId(in html: String) -> String? {
        guard let range = html.range(of: "name=\"upload\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
