import Foundation
import Hummingbird
import Yams

/// The OpenAPI 3.1 document of the API, served at `GET /api/v1/openapi.json`.
///
/// It is written by hand as YAML in `Resources/OpenAPI`: `base.yaml` holds the header and the shared components, and
/// each other file one group of routes, next to nothing else, so a route and its description change together. The
/// files are merged here; a name defined twice is an error, and a test checks that the document's operations are
/// exactly the router's routes.
public enum OpenAPIDocument {
    /// Why the bundled document could not be assembled.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The merged document as JSON-ready values (dictionaries, arrays, strings, numbers, booleans, `NSNull`).
    public static func load() throws -> [String: Any] {
        guard let folder = Bundle.module.url(forResource: "OpenAPI", withExtension: nil) else {
            throw Failure(description: "the OpenAPI folder is missing from the PaladinServer bundle")
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { ($0.lastPathComponent == "base.yaml" ? "" : $0.lastPathComponent) < ($1.lastPathComponent == "base.yaml" ? "" : $1.lastPathComponent) }
        guard files.first?.lastPathComponent == "base.yaml" else { throw Failure(description: "OpenAPI/base.yaml is missing") }
        var document: [String: Any] = [:]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let parsed: Any?
            do { parsed = try Yams.load(yaml: text) } catch {
                throw Failure(description: "OpenAPI/\(file.lastPathComponent): \(error)")
            }
            guard let fragment = try plain(parsed ?? [:], at: file.lastPathComponent) as? [String: Any] else {
                throw Failure(description: "OpenAPI/\(file.lastPathComponent): not a mapping")
            }
            try merge(fragment, into: &document, file: file.lastPathComponent)
        }
        return document
    }

    /// The document as JSON bytes (sorted keys), assembled once per process.
    public static let json: Result<Data, any Error> = Result {
        try JSONSerialization.data(withJSONObject: try load(), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Adds `GET /api/v1/openapi.json`, open to all: the API's shape is not a secret, its data is.
    static func addRoute(to router: Router<AppRequestContext>) {
        router.get("/api/v1/openapi.json") { _, context -> Response in
            switch json {
            case .success(let data):
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            case .failure(let error):
                context.logger.error("the OpenAPI document could not be assembled", metadata: ["error": "\(error)"])
                throw Problem.internalError
            }
        }
    }

    /// `paths` merge per path and method; `components` per kind and name; anything else only from base.yaml.
    static func merge(_ fragment: [String: Any], into document: inout [String: Any], file: String) throws {
        for (key, value) in fragment {
            switch key {
            case "paths", "components":
                guard let groups = value as? [String: Any] else { throw Failure(description: "OpenAPI/\(file): \(key) is not a mapping") }
                var merged = document[key] as? [String: Any] ?? [:]
                for (name, inner) in groups {
                    guard let entries = inner as? [String: Any] else { throw Failure(description: "OpenAPI/\(file): \(key).\(name) is not a mapping") }
                    var existing = merged[name] as? [String: Any] ?? [:]
                    for (entry, definition) in entries {
                        guard existing[entry] == nil else {
                            throw Failure(description: "OpenAPI/\(file): \(key).\(name).\(entry) is defined twice")
                        }
                        existing[entry] = definition
                    }
                    merged[name] = existing
                }
                document[key] = merged
            default:
                guard document[key] == nil else { throw Failure(description: "OpenAPI/\(file): '\(key)' belongs in base.yaml only") }
                document[key] = value
            }
        }
    }

    /// YAML's values as JSON's: string keys, `null` as `NSNull`.
    static func plain(_ value: Any, at path: String) throws -> Any {
        switch value {
        case let mapping as [AnyHashable: Any]:
            var result: [String: Any] = [:]
            for (key, inner) in mapping {
                let name = "\(key.base)"
                result[name] = try plain(inner, at: "\(path).\(name)")
            }
            return result
        case let mapping as [String: Any]:
            return try mapping.reduce(into: [String: Any]()) { $0[$1.key] = try plain($1.value, at: "\(path).\($1.key)") }
        case let sequence as [Any]:
            return try sequence.enumerated().map { try plain($0.element, at: "\(path)[\($0.offset)]") }
        case is NSNull, is String, is Bool, is Int, is Double:
            return value
        default:
            throw Failure(description: "OpenAPI/\(path): a value of type \(type(of: value)) has no JSON form")
        }
    }
}
