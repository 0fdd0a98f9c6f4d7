import PaladinAnalytics
import PaladinCore

/// A next best action in JSON output: every key always there, absent values as `null`.
public struct NextBestActionView: NullPreservingEncodable {
    public let kind: String
    public let model: String?
    public let stage: String?
    public let title: String
    public let detail: String
    public let reason: String
    public let priority: Int
    public let due: String?

    /// The view of `action`.
    public init(_ action: NextBestAction) {
        kind = action.kind.rawValue
        model = action.model
        stage = action.stage
        title = action.title
        detail = action.detail
        reason = action.reason
        priority = action.priority
        due = action.due?.description
    }
}

/// A customer and their next best actions, the most urgent first (`paladin next`, `GET /customers/{id}/next`).
public struct CustomerGuidanceView: NullPreservingEncodable {
    public let customer: CustomerView
    public let actions: [NextBestActionView]

    /// The view of `guidance`.
    public init(_ guidance: CustomerGuidance) {
        customer = CustomerView(guidance.customer)
        actions = guidance.actions.map(NextBestActionView.init)
    }

    /// Column names of the table and CSV forms: one row per action.
    public static let header = ["customer", "external_id", "name", "priority", "kind", "model", "stage", "due", "title", "reason"]
    /// The rows of the table and CSV forms.
    public var rows: [[String]] {
        actions.map { action in
            [String(customer.id), customer.external_id ?? "", customer.name, String(action.priority), action.kind, action.model ?? "",
             action.stage ?? "", action.due ?? "", action.title, action.reason]
        }
    }
}

/// The customers who need attention most (`GET /next`).
public struct GuidanceListView: NullPreservingEncodable {
    /// The owner whose customers are listed; null for every customer.
    public let owner: String?
    public let limit: Int
    public let items: [CustomerGuidanceView]

    /// The view of a list.
    public init(owner: String?, limit: Int, items: [CustomerGuidance]) {
        self.owner = owner
        self.limit = limit
        self.items = items.map(CustomerGuidanceView.init)
    }
}
