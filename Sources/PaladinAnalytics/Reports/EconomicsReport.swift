import PaladinCore

/// Customers sharing one value category, engagement-ladder rung and relationship type, with their revenue and cost
/// to serve in the window: what the store counts for the economics report.
public struct EconomicsCell: Sendable, Hashable {
    /// Current stages; nil for customers not placed in the model.
    public var category: String?
    public var rung: String?
    public var relationship: String?
    public var customers: Int
    /// Sums over the window, in cents.
    public var revenueCents: Int64
    public var costCents: Int64

    /// A cell.
    public init(category: String?, rung: String?, relationship: String?, customers: Int, revenueCents: Int64, costCents: Int64) {
        self.category = category
        self.rung = rung
        self.relationship = relationship
        self.customers = customers
        self.revenueCents = revenueCents
        self.costCents = costCents
    }
}

/// Revenue, cost to serve and profit of the customers at one stage (or of all customers).
public struct EconomicsGroup: Sendable, Hashable, Encodable {
    /// The stage key; nil for customers not placed in the model, and for the total.
    public var stage: String?
    public var customers: Int
    public var revenue: Money
    public var cost: Money
    /// Revenue − cost.
    public var profit: Money
    /// Profit ÷ customers, rounded to a cent; nil without customers.
    public var profitPerCustomer: Money?

    /// The group of `customers` customers at `stage`.
    public init(stage: String?, customers: Int, revenueCents: Int64, costCents: Int64) {
        self.stage = stage
        self.customers = customers
        self.revenue = Money(cents: revenueCents)
        self.cost = Money(cents: costCents)
        self.profit = Money(cents: revenueCents - costCents)
        self.profitPerCustomer = ReportFormat.perCustomer(revenueCents - costCents, customers)
    }

    enum CodingKeys: String, CodingKey {
        case stage, customers, revenue, cost, profit
        case profitPerCustomer = "profit_per_customer"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(customers, forKey: .customers)
        try container.encode(revenue, forKey: .revenue)
        try container.encode(cost, forKey: .cost)
        try container.encode(profit, forKey: .profit)
        try container.encode(profitPerCustomer, forKey: .profitPerCustomer)
    }
}

/// Revenue, cost to serve and profit over the window per value category, engagement-ladder rung and relationship
/// type (each customer at their current stage; every customer counted, those without evidence with zeros), and the
/// Pareto curve of profit over customers.
public struct EconomicsReport: Report, Hashable {
    /// The models grouping customers, by key.
    public static let categoryModel = "value-category", rungModel = "engagement-ladder", relationshipModel = "relationship-type"

    public var kind: ReportKind { .economics }
    public var from: Timestamp?
    public var to: Timestamp?
    /// Per stage in the model's order (every stage listed), then customers not placed (only when there are some).
    public var categories: [EconomicsGroup]
    public var rungs: [EconomicsGroup]
    public var relationshipTypes: [EconomicsGroup]
    /// All customers.
    public var total: EconomicsGroup
    public var pareto: ParetoCurve

    /// The stage keys of the three models, in their order.
    public struct StageOrders: Sendable, Hashable {
        public var categories: [String]
        public var rungs: [String]
        public var relationshipTypes: [String]

        /// The orders.
        public init(categories: [String], rungs: [String], relationshipTypes: [String]) {
            self.categories = categories
            self.rungs = rungs
            self.relationshipTypes = relationshipTypes
        }
    }

    /// The report of `cells` (every customer in exactly one) and of each customer's profit in cents (customers with
    /// profit 0 may be left out), listing stages in `orders`.
    public init(cells: [EconomicsCell], profits: [Int64], orders: StageOrders, from: Timestamp? = nil, to: Timestamp? = nil,
                maxParetoPoints: Int = ParetoCurve.defaultMaxPoints) {
        self.from = from
        self.to = to
        func groups(_ stage: (EconomicsCell) -> String?, _ order: [String]) -> [EconomicsGroup] {
            var sums: [String?: (customers: Int, revenue: Int64, cost: Int64)] = [:]
            for cell in cells {
                sums[stage(cell), default: (0, 0, 0)].customers += cell.customers
                sums[stage(cell)]!.revenue += cell.revenueCents
                sums[stage(cell)]!.cost += cell.costCents
            }
            let extra = sums.keys.compactMap { $0 }.filter { !order.contains($0) }.sorted()
            var result = (order + extra).map { key in
                let sum = sums[key] ?? (0, 0, 0)
                return EconomicsGroup(stage: key, customers: sum.customers, revenueCents: sum.revenue, costCents: sum.cost)
            }
            if let unplaced = sums[nil], unplaced.customers > 0 {
                result.append(EconomicsGroup(stage: nil, customers: unplaced.customers, revenueCents: unplaced.revenue, costCents: unplaced.cost))
            }
            return result
        }
        categories = groups(\.category, orders.categories)
        rungs = groups(\.rung, orders.rungs)
        relationshipTypes = groups(\.relationship, orders.relationshipTypes)
        let customers = cells.reduce(0) { $0 + $1.customers }
        total = EconomicsGroup(
            stage: nil, customers: customers, revenueCents: cells.reduce(0) { $0 + $1.revenueCents },
            costCents: cells.reduce(0) { $0 + $1.costCents })
        pareto = ParetoCurve(profits: profits, customers: max(customers, profits.count), maxPoints: maxParetoPoints)
    }

    /// Columns `section` (`value-category`, `engagement-ladder`, `relationship-type`, `total`, `pareto`,
    /// `pareto-80-percent`, `pareto-peak`, `pareto-loss-making`), `group`, the money columns, and the curve's shares.
    public var table: ReportTable {
        func row(_ section: String, _ group: EconomicsGroup) -> [String] {
            [section, group.stage ?? "", String(group.customers), group.revenue.description, group.cost.description,
             group.profit.description, ReportFormat.cell(group.profitPerCustomer), "", ""]
        }
        var rows = categories.map { row(Self.categoryModel, $0) } + rungs.map { row(Self.rungModel, $0) }
            + relationshipTypes.map { row(Self.relationshipModel, $0) } + [row("total", total)]
        for point in pareto.points {
            rows.append(["pareto", "", String(point.customers), "", "", point.cumulativeProfit.description, "",
                         ReportFormat.cell(point.customerShare), ReportFormat.cell(point.profitShare)])
        }
        rows.append(["pareto-80-percent", "", "", "", "", "", "", ReportFormat.cell(pareto.customerShareFor80PercentOfProfit), pareto.customerShareFor80PercentOfProfit == nil ? "" : "0.8"])
        rows.append(["pareto-peak", "", "", "", "", "", "", "", ReportFormat.cell(pareto.peakProfitShare)])
        rows.append(["pareto-loss-making", "", String(pareto.lossMakingCustomers), "", "", Money(cents: -pareto.profitDestroyed.cents).description, "",
                     ReportFormat.cell(pareto.lossMakingCustomerShare), ""])
        return ReportTable(
            columns: ["section", "group", "customers", "revenue", "cost", "profit", "profit_per_customer", "customer_share", "profit_share"],
            rows: rows)
    }

    enum CodingKeys: String, CodingKey {
        case kind, from, to, categories, rungs, total, pareto
        case relationshipTypes = "relationship_types"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(categories, forKey: .categories)
        try container.encode(rungs, forKey: .rungs)
        try container.encode(relationshipTypes, forKey: .relationshipTypes)
        try container.encode(total, forKey: .total)
        try container.encode(pareto, forKey: .pareto)
    }
}
