import Foundation
import PaladinAnalytics
import PaladinCore

/// The models shipped with Paladin as YAML resources, installed into every new workspace.
public enum BuiltInModels {
    /// The keys of the built-in models, in install order (mirrored models before the ones mirroring them).
    public static let keys = [
        "pro-customer", "proc-guidance", "buying-process", "customer-journey",
        "engagement-ladder", "value-category", "relationship-type",
    ]

    /// Every built-in model, parsed and validated.
    public static func load() throws -> [JourneyModel] {
        var models: [String: JourneyModel] = [:]
        var ordered: [JourneyModel] = []
        for key in keys {
            guard let url = Bundle.module.url(forResource: key, withExtension: "yaml", subdirectory: "BuiltInModels") else {
                throw StoreError.database("the built-in model '\(key)' is missing from this build")
            }
            let text = try String(contentsOf: url, encoding: .utf8)
            let model = try ModelDocument.decode(
                text, source: "\(key).yaml", others: models, checkRule: MetricCatalog.ruleChecker(models: keys))
            models[key] = model
            ordered.append(model)
        }
        return ordered
    }
}
