import Foundation
import Hummingbird
import MultipartKit
import PaladinCore

/// A file sent in a `multipart/form-data` form: its name as the browser gave it and its bytes.
struct UploadedFile: Sendable, Equatable {
    /// The file's name without any folder (browsers send only the name; a path is cut to its last part).
    let name: String
    /// The declared content type of the part, if any.
    let contentType: String?
    let bytes: [UInt8]
}

extension FormData {
    /// Decodes a POSTed body: `multipart/form-data` (fields and files) when the content type says so, else
    /// `application/x-www-form-urlencoded`. A multipart body that does not parse is a request a person cannot have
    /// made from our forms (400).
    init(body: ByteBuffer, contentType: String?) throws {
        guard let contentType, let boundary = Self.multipartBoundary(contentType) else {
            self.init(urlEncoded: String(buffer: body))
            return
        }
        var fields: [String: [String]] = [:]
        var files: [String: UploadedFile] = [:]
        for part in try Self.parts(of: body, boundary: boundary) {
            guard let name = part.name else { throw WebError.badRequest }
            if let fileName = part.fileName {
                // An empty file input sends a part with an empty file name and no bytes: no file.
                guard !fileName.isEmpty || !part.bytes.isEmpty else { continue }
                if files[name] == nil { files[name] = UploadedFile(name: fileName, contentType: part.contentType, bytes: part.bytes) }
            } else {
                fields[name, default: []].append(String(decoding: part.bytes, as: UTF8.self))
            }
        }
        self.init(fields: fields, files: files)
    }

    /// The `boundary` parameter of a `multipart/form-data` content type; nil for any other type.
    static func multipartBoundary(_ contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// One part of a multipart body, its headers already read.
    struct Part {
        var headers: [(String, String)] = []
        var bytes: [UInt8] = []

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }

        var contentType: String? { header("content-type") }
        var name: String? { Self.parameter("name", in: header("content-disposition")) }
        var fileName: String? {
            Self.parameter("filename", in: header("content-disposition")).map { name in
                String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
            }
        }

        /// A parameter of a `Content-Disposition` value (`form-data; name="file"; filename="a.csv"`), unquoted.
        static func parameter(_ key: String, in value: String?) -> String? {
            guard let value else { return nil }
            for item in value.split(separator: ";").dropFirst() {
                let pair = item.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
                var text = pair[1].trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
                return text.replacingOccurrences(of: "\\\"", with: "\"")
            }
            return nil
        }
    }

    /// The parts of `body`; 400 when it is not a complete multipart body.
    static func parts(of body: ByteBuffer, boundary: String) throws -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        var open = false
        parser.onHeader = { name, value in
            open = true
            current.headers.append((name, value))
        }
        parser.onBody = { buffer in
            open = true
            current.bytes.append(contentsOf: buffer.readableBytesView)
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        parser.onPartComplete = {
            parts.append(current)
            current = Part()
            open = false
        }
        do {
            try parser.execute(body)
        } catch {
            throw WebError.badRequest
        }
        // A body cut short leaves a part unfinished.
        guard !open else { throw WebError.badRequest }
        return parts
    }
}
