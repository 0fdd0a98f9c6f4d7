import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /settings/members`, for owners (403 otherwise, as the API): the workspace's members with their roles; add a
/// member (email, name, role, initial password), change a role, remove a member. The rules are ``Access``'s: a new
/// member needs a password of 8 characters or more, a member already known elsewhere is given a role but never a
/// password (the form says so, 409), and the last owner keeps that role (409).
enum SettingsMembersPage {
    struct Row {
        let id: Int64
        let email: String
        let name: String
        let role: String
        let roles: [CustomerListPage.Option]
        let isYou: Bool
    }

    struct Model {
        let sections: [SettingsPage.Section]
        let members: [Row]
        let roles: [CustomerListPage.Option]
        let form: CustomerDetailPage.FormView
        /// A refused role change or removal (the last owner), shown above the list.
        let listError: String?
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/settings/members") { request, context in
            try SettingsPage.requireOwner(context)
            return try await render(request, context, environment)
        }
        pages.post("/settings/members") { request, context in
            try SettingsPage.requireOwner(context)
            let form = context.form
            var errors: [String: String] = [:]
            let email = (form["email"] ?? "").lowercased()
            if email.isEmpty { errors["email"] = "error_required" } else if !Access.isEmailAddress(email) { errors["email"] = "error_email" }
            let role = form["role"].flatMap(MemberRole.init(rawValue:))
            if role == nil { errors["role"] = "error_choose" }
            let password = form["password"] == nil ? nil : form.raw("password")
            let existing = Access.isEmailAddress(email) ? try await MemberStore(environment.database.sql).find(email: email) : nil
            if existing != nil, password != nil {
                errors["password"] = "error_member_exists"
            } else if existing == nil, password == nil {
                errors["password"] = "error_required"
            } else if let password, password.count < 8 {
                errors["password"] = "error_password_short"
            }
            guard errors.isEmpty, let role else {
                let status: HTTPResponse.Status = errors == ["password": "error_member_exists"] ? .conflict : .unprocessableContent
                return try await render(request, context, environment, errors: errors, status: status)
            }
            do {
                _ = try await Access(database: environment.database).addMember(
                    email: email, name: form["name"], password: password, role: role, workspace: context.session.workspace.key,
                    hasher: environment.hasher, mayResetPassword: false)
            } catch PaladinError.conflict {
                // An owner re-added with a lesser role while the last owner (the password case was caught above).
                return try await render(request, context, environment, errors: ["role": "error_last_owner"], status: .conflict)
            }
            return WebRoutes.redirect("/settings/members?done=member_added")
        }
        pages.post("/settings/members/{id}/role") { request, context in
            try SettingsPage.requireOwner(context)
            let id = try SettingsPage.id(context, "id")
            guard let role = context.form["role"].flatMap(MemberRole.init(rawValue:)) else { throw WebError.badRequest }
            do {
                _ = try await Access(database: environment.database).changeRole(member: id, to: role, workspace: context.session.workspace.key)
            } catch PaladinError.conflict {
                return try await render(request, context, environment, listError: "error_last_owner", status: .conflict)
            }
            return WebRoutes.redirect("/settings/members?done=role_changed")
        }
        pages.post("/settings/members/{id}/remove") { request, context in
            try SettingsPage.requireOwner(context)
            let id = try SettingsPage.id(context, "id")
            do {
                _ = try await Access(database: environment.database).removeMember(id, workspace: context.session.workspace.key)
            } catch PaladinError.conflict {
                return try await render(request, context, environment, listError: "error_last_owner", status: .conflict)
            }
            // Removing oneself ends one's own session: the next page is the sign-in.
            return WebRoutes.redirect(id == context.session.member.id ? "/sign-in" : "/settings/members?done=member_removed")
        }
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, errors: [String: String] = [:],
        listError: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = environment.renderer.catalog
        func t(_ key: String) -> String { catalog.text(key, context.language) }
        func roles(_ selected: String?) -> [CustomerListPage.Option] {
            MemberRole.allCases.map { CustomerListPage.Option(value: $0.rawValue, label: t("role_\($0.rawValue)"), selected: $0.rawValue == selected) }
        }
        let members = try await Access(database: environment.database).members(workspace: context.session.workspace.key)
        let values = errors.isEmpty ? [:] : SettingsPage.entered(context.form)
        let page = Model(
            sections: SettingsPage.sections(context, environment, current: "/settings/members"),
            members: members.map { member, role in
                Row(id: member.id, email: member.email, name: member.name, role: t("role_\(role.rawValue)"), roles: roles(role.rawValue),
                    isYou: member.id == context.session.member.id)
            },
            roles: roles(values["role"] ?? MemberRole.agent.rawValue),
            form: CustomerDetailPage.FormView(values: values, errors: errors.mapValues(t), hasErrors: !errors.isEmpty),
            listError: listError.map(t))
        return try context.chrome(request).render("settings-members", titleKey: "settings_members", page: page, status: status,
                                                  renderer: environment.renderer)
    }
}
