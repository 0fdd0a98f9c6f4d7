/// One purchase: who, which day (days since 1970-01-01) and how much (cents).
public struct Transaction: Sendable, Equatable, Hashable {
    /// Customer identifier.
    public var customer: String
    /// Purchase day as whole days since 1970-01-01 (UTC).
    public var day: Int64
    /// Purchase amount in cents; several purchases on one day are summed.
    public var amount: Int64

    /// Creates a transaction.
    public init(customer: String, day: Int64, amount: Int64) {
        self.customer = customer
        self.day = day
        self.amount = amount
    }
}

/// The time unit in which recency, T and durations are expressed.
///
/// Purchases are always grouped by calendar day; the unit only divides the
/// day differences, so weeks and months come out as fractions. This equals
/// lifetimes' `freq="D"` with `freq_multiplier` 1, 7 or 30. lifetimes' own
/// `freq="W"` instead floors dates to calendar weeks (whole numbers), and its
/// `freq="M"` floors to calendar months and divides by NumPy's mean month of
/// 30.436875 days (it raises on pandas >= 2); neither is reproduced here.
public enum TimeUnit: Sendable, Equatable, Hashable {
    /// One day.
    case day
    /// Seven days.
    case week
    /// Thirty days (lifetimes' `freq="D", freq_multiplier=30`).
    case month

    /// Length of the unit in days.
    public var days: Double {
        switch self {
        case .day: return 1
        case .week: return 7
        case .month: return 30
        }
    }

    /// Units per month used by ``customerLifetimeValue(model:spend:customer:months:monthlyDiscountRate:unit:)``,
    /// the factors of lifetimes' `_customer_lifetime_value`: 30 days, 4.345 weeks, 1 month.
    public var unitsPerMonth: Double {
        switch self {
        case .day: return 30
        case .week: return 4.345
        case .month: return 1
        }
    }
}

/// Per-customer sufficient statistics, lifetimes' `summary_data_from_transaction_data`
/// (and, with a calibration end, `calibration_and_holdout_data`).
public struct CustomerSummary: Sendable, Equatable, Hashable {
    /// Customer identifier.
    public var customer: String
    /// Distinct purchase days after the first one (x).
    public var frequency: Int
    /// (last purchase day - first purchase day) / unit (t_x).
    public var recency: Double
    /// (end - first purchase day) / unit, where end is the calibration end if given.
    public var T: Double
    /// Mean over the repeat purchase days of each day's total, in cents; 0 when x = 0.
    public var monetaryValue: Double
    /// Distinct purchase days in (calibration end, observation end]; `nil` without calibration.
    public var frequencyHoldout: Int?
    /// (observation end - calibration end) / unit; `nil` without calibration.
    public var durationHoldout: Double?

    /// Creates a summary row.
    public init(
        customer: String, frequency: Int, recency: Double, T: Double, monetaryValue: Double,
        frequencyHoldout: Int? = nil, durationHoldout: Double? = nil
    ) {
        self.customer = customer
        self.frequency = frequency
        self.recency = recency
        self.T = T
        self.monetaryValue = monetaryValue
        self.frequencyHoldout = frequencyHoldout
        self.durationHoldout = durationHoldout
    }
}

/// Builds one ``CustomerSummary`` per customer from a transaction log.
///
/// - Parameters:
///   - transactions: the purchases, in any order.
///   - observationEnd: last day observed (inclusive); later purchases are ignored.
///   - calibrationEnd: optional end of the calibration period (inclusive). When set,
///     frequency/recency/T/monetary value use purchases up to it, T is measured to it,
///     the holdout columns are filled, and customers whose first purchase is after it
///     are left out.
///   - unit: the time unit of recency, T and the holdout duration.
/// - Returns: summaries sorted by customer identifier.
/// - Throws: ``RepeatBuyingError/invalidArgument(_:)`` when the calibration end is after
///   the observation end.
public func summarize(
    _ transactions: [Transaction],
    observationEnd: Int64,
    calibrationEnd: Int64? = nil,
    unit: TimeUnit = .day
) throws -> [CustomerSummary] {
    if let calibrationEnd, calibrationEnd > observationEnd {
        throw RepeatBuyingError.invalidArgument(
            "calibration end day \(calibrationEnd) is after observation end day \(observationEnd)")
    }
    let cutoff = calibrationEnd ?? observationEnd
    var slots: [String: Int] = [:]
    var purchases: [[(day: Int64, amount: Int64)]] = []
    for t in transactions where t.day <= observationEnd {
        if let slot = slots[t.customer] {
            purchases[slot].append((t.day, t.amount))
        } else {
            slots[t.customer] = purchases.count
            purchases.append([(t.day, t.amount)])
        }
    }
    var result: [CustomerSummary] = []
    result.reserveCapacity(slots.count)
    for (customer, slot) in slots {
        let days = collapseDays(purchases[slot])
        let calibration = days.filter { $0.day <= cutoff }
        guard let first = calibration.first, let last = calibration.last else { continue }
        let frequency = calibration.count - 1
        let repeatTotal = calibration.dropFirst().reduce(Int64(0)) { $0 + $1.amount }
        var row = CustomerSummary(
            customer: customer,
            frequency: frequency,
            recency: Double(last.day - first.day) / unit.days,
            T: Double(cutoff - first.day) / unit.days,
            monetaryValue: frequency > 0 ? Double(repeatTotal) / Double(frequency) : 0
        )
        if calibrationEnd != nil {
            row.frequencyHoldout = days.count - calibration.count
            row.durationHoldout = Double(observationEnd - cutoff) / unit.days
        }
        result.append(row)
    }
    result.sort { $0.customer < $1.customer }
    return result
}

/// Sorts one customer's purchases by day and merges purchases of the same day.
private func collapseDays(_ purchases: [(day: Int64, amount: Int64)]) -> [(day: Int64, amount: Int64)] {
    let sorted = purchases.sorted { $0.day < $1.day }
    var days: [(day: Int64, amount: Int64)] = []
    for p in sorted {
        if let last = days.last, last.day == p.day {
            days[days.count - 1].amount += p.amount
        } else {
            days.append(p)
        }
    }
    return days
}
