import PaladinStore

/// A model in a list: `models list --format json` and `GET /api/v1/models`.
public struct ModelSummary: Encodable {
    public let key: String
    public let name: String
    public let kind: String
    public let cyclic: Bool
    public let stages: [String]
    public let version: Int64
    public let built_in: Bool

    /// The summary of a stored model, names in `language`.
    public init(_ stored: StoredModel, language: String) {
        key = stored.model.key
        name = stored.model.names.text(language)
        kind = stored.model.kind.rawValue
        cyclic = stored.model.cyclic
        stages = stored.model.stages.map(\.key)
        version = stored.version
        built_in = stored.builtIn
    }
}
