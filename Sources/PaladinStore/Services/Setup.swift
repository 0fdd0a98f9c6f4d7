import PaladinCore

/// Creating workspaces and installing the built-in models.
public enum Setup {
    /// What `initialize` did.
    public struct Outcome: Sendable {
        public var workspace: Workspace
        public var createdWorkspace: Bool
        public var installedModels: [String]
    }

    /// Creates the workspace if it is missing and installs any built-in model it does not have yet
    /// (models already there, edited or not, are left alone).
    public static func initialize(
        _ database: PaladinDatabase, workspace key: String, name: String? = nil, language: String = "en",
        currency: String = "EUR", clock: Clock
    ) async throws -> Outcome {
        guard Key.isValid(key) else { throw PaladinError.invalid(field: "--workspace", message: "'\(key)' is not a valid key: \(Key.rule)") }
        guard LocalizedText.supportedLanguages.contains(language) else {
            throw PaladinError.invalid(field: "--language", message: "'\(language)' is not one of \(LocalizedText.supportedLanguages.joined(separator: ", "))")
        }
        guard Workspace.isCurrencyCode(currency) else {
            throw PaladinError.invalid(field: "--currency", message: "'\(currency)' is not a three-letter currency code such as EUR")
        }
        let builtIns = try BuiltInModels.load()
        return try await database.transaction { sql in
            let workspaces = WorkspaceStore(sql)
            var created = false
            let workspace: Workspace
            if let existing = try await workspaces.find(key: key) {
                workspace = existing
            } else {
                workspace = try await workspaces.create(
                    key: key, name: name ?? key, language: language, currency: currency, at: clock.now())
                created = true
            }
            let models = ModelStore(sql, workspace: workspace.id)
            var installed: [String] = []
            for model in builtIns where try await models.find(model.key) == nil {
                try await models.save(model, builtIn: true, at: clock.now())
                installed.append(model.key)
            }
            return Outcome(workspace: workspace, createdWorkspace: created, installedModels: installed)
        }
    }
}
