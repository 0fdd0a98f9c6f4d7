import Hummingbird
import Logging
import PaladinCore
import PaladinStore

/// One link of the navigation.
struct NavItem {
    let label: String
    let href: String
    let current: Bool
}

/// One choice of the language switch.
struct LanguageOption {
    let code: String
    let name: String
    let selected: Bool
}

/// What the layout shows around every page: the language, texts, navigation, the member and the language switch.
/// Pages render as `{{<layout}}{{$main}}…{{/main}}{{/layout}}`; the page's own model is under `page`.
struct Chrome {
    let language: String
    let session: WebSession?
    /// The token of this page's forms: the session's, or the visitor's `paladin_csrf` cookie before sign-in.
    let csrf: String
    /// The path of this page (where the language switch comes back to), a local path only.
    let path: String
    /// A message key of the catalog to show once ("saved"), never free text.
    var flash: String?

    /// The pages that exist, in the order of the navigation. Boards' index, Models, Import and Settings come later;
    /// only what exists is linked.
    static let navigation: [(key: String, href: String)] = [
        ("nav_today", "/today"),
        ("nav_semaphore", "/semaphore"),
        ("nav_customers", "/customers"),
        ("nav_board", "/models/customer-journey/board"),
        ("nav_reports", "/reports"),
        ("nav_surveys", "/surveys"),
        ("nav_models", "/models"),
        ("nav_import", "/import"),
        ("nav_settings", "/settings"),
    ]

    /// The root object of a template: layout values, the catalog's texts as `t`, and `page`.
    func root(titleKey: String, title: String? = nil, page: Any, catalog: MessageCatalog) -> [String: Any] {
        let messages = catalog.messages(language)
        // The one current link: the longest that holds this path (the board's /models/…/board is not also Models).
        let current = Self.navigation.map(\.href).filter { path == $0 || path.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        var root: [String: Any] = [
            "lang": language,
            "t": messages,
            "title": title ?? messages[titleKey] ?? titleKey,
            "csrf": csrf,
            "path": path,
            "page": PageValues.flatten(page),
            "signedIn": session != nil,
            "canSwitch": !csrf.isEmpty,
            "nav": session == nil ? [] : Self.navigation.map {
                NavItem(label: messages[$0.key] ?? $0.key, href: $0.href, current: $0.href == current)
            },
            "languages": MessageCatalog.supported.map {
                LanguageOption(code: $0, name: MessageCatalog.names[$0] ?? $0, selected: $0 == language)
            },
        ]
        if let session {
            root["member"] = session.member.name
            root["workspace"] = session.workspace.name
            root["role"] = messages["role_\(session.role.rawValue)"] ?? session.role.rawValue
        }
        if let flash, let text = messages["flash_\(flash)"] { root["flash"] = text }
        return root
    }

    /// An HTML response of `template`.
    func render(
        _ template: String, titleKey: String, title: String? = nil, page: Any, status: HTTPResponse.Status = .ok, renderer: WebRenderer
    ) throws -> Response {
        let html = try renderer.html(template, root(titleKey: titleKey, title: title, page: page, catalog: renderer.catalog))
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension WebContext {
    /// The chrome of a signed-in page at `path`.
    func chrome(_ request: Request) -> Chrome {
        Chrome(language: language, session: session, csrf: session.csrfToken, path: request.uri.path,
               flash: request.uri.queryParameters.get("done"))
    }
}

/// The error page: the status, a sentence in the member's language, a way back. Never the error's own text.
enum WebErrorPage {
    struct Model {
        let code: Int
        let heading: String
        let explanation: String
        let signedIn: Bool
    }

    static func response(
        status: HTTPResponse.Status, language: String, session: WebSession?, path: String, renderer: WebRenderer, logger: Logger
    ) -> Response {
        let key: String
        switch status.code {
        case 400, 403, 404, 405, 409, 413, 422: key = "error_\(status.code)"
        default: key = "error_500"
        }
        let messages = renderer.catalog.messages(language)
        let chrome = Chrome(language: language, session: session, csrf: session?.csrfToken ?? "", path: "/", flash: nil)
        let model = Model(code: status.code, heading: messages[key] ?? key, explanation: messages[key + "_text"] ?? "",
                          signedIn: session != nil)
        do {
            return try chrome.render("error", titleKey: key, page: model, status: status, renderer: renderer)
        } catch {
            logger.error("the error page failed to render", metadata: ["error": "\(String(reflecting: error))"])
            return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "\(status.code)\n")))
        }
    }
}
