import Foundation
import Hummingbird
import Mustache
import PaladinCore

/// The interface's texts in every supported language: one JSON file per language with the same keys.
struct MessageCatalog: Sendable {
    /// Texts by language, then by key.
    let languages: [String: [String: String]]

    /// The languages of the interface, in the order the switch lists them.
    static let supported = LocalizedText.supportedLanguages

    /// Each language's name in itself.
    static let names = ["en": "English", "ro": "Română", "ru": "Русский", "pl": "Polski", "it": "Italiano"]

    /// Loads `Messages/<language>.json` for every supported language from the bundle.
    static func load() throws -> MessageCatalog {
        guard let folder = Bundle.module.url(forResource: "Messages", withExtension: nil) else {
            throw WebSetupError(description: "the Messages folder is missing from the PaladinServer bundle")
        }
        var languages: [String: [String: String]] = [:]
        for language in supported {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(language).json"))
            languages[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return MessageCatalog(languages: languages)
    }

    /// Every text in `language` (English for a language the interface does not have).
    func messages(_ language: String) -> [String: String] { languages[language] ?? languages["en"] ?? [:] }

    /// One text; the key itself when missing (a test keeps every key in every language).
    func text(_ key: String, _ language: String) -> String { messages(language)[key] ?? key }

    /// `language` when the interface has it, else nil.
    static func known(_ language: String?) -> String? {
        guard let language = language?.trimmingSpaces.lowercased(), supported.contains(language) else { return nil }
        return language
    }

    /// The first supported language of an `Accept-Language` header.
    static func preferred(acceptLanguage header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
            if let known = known(String(tag.prefix(2))) { return known }
        }
        return nil
    }
}

/// A broken installation: a template or catalog that cannot be read. Raised at start-up, never per request.
struct WebSetupError: Error, CustomStringConvertible {
    let description: String
}

/// Renders page models with the Mustache templates in `Resources/Templates` (loaded once). `{{ }}` escapes HTML;
/// the templates never use triple mustaches, so every value a person typed is shown as text.
struct WebRenderer: Sendable {
    let library: MustacheLibrary
    let catalog: MessageCatalog
    /// The static files (CSS, the board's script), by name, with their content type.
    let assets: [String: (type: String, body: String)]

    /// Where the templates are in the bundle.
    static var templatesFolder: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    /// Loads templates, catalogs and static files from the bundle.
    static func load() throws -> WebRenderer {
        var library = MustacheLibrary()
        guard let templates = templatesFolder,
              let statics = Bundle.module.url(forResource: "Static", withExtension: nil) else {
            throw WebSetupError(description: "the Templates or Static folder is missing from the PaladinServer bundle")
        }
        for file in try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: nil)
        where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            do {
                try library.register(try String(contentsOf: file, encoding: .utf8), named: name)
            } catch {
                throw WebSetupError(description: "template \(name) does not parse: \(error)")
            }
        }
        var assets: [String: (type: String, body: String)] = [:]
        for file in try FileManager.default.contentsOfDirectory(at: statics, includingPropertiesForKeys: nil) {
            let type: String
            switch file.pathExtension {
            case "css": type = "text/css; charset=utf-8"
            case "js": type = "text/javascript; charset=utf-8"
            default: continue
            }
            assets[file.lastPathComponent] = (type, try String(contentsOf: file, encoding: .utf8))
        }
        return WebRenderer(library: library, catalog: try MessageCatalog.load(), assets: assets)
    }

    /// The HTML of `template` over `object`.
    func html(_ template: String, _ object: Any) throws -> String {
        guard let text = library.render(object, withTemplate: template) else {
            throw WebSetupError(description: "no template \(template)")
        }
        return text
    }
}

/// The headers every HTML response carries: a strict Content-Security-Policy (no inline script or style, no
/// framing, forms only to this site), no MIME sniffing, the referrer only to this site.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    static func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[referrerPolicy] = "same-origin"
    }
}
