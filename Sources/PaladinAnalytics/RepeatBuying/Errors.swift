/// Typed errors raised by the repeat-buying models for bad input or undefined results.
///
/// Every case carries enough context (field, row index, offending value) to
/// produce a message a person can act on; see ``description``.
public enum RepeatBuyingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input has no rows, or the named column is empty.
    case emptyInput(String)
    /// Columns that must be parallel have different lengths.
    case lengthMismatch(String)
    /// A value is NaN or infinite.
    case nonFinite(field: String, index: Int, value: Double)
    /// A frequency is below zero.
    case negativeFrequency(index: Int, value: Double)
    /// A frequency is not a whole number.
    case fractionalFrequency(index: Int, value: Double)
    /// A recency, age or weight is below zero.
    case negativeValue(field: String, index: Int, value: Double)
    /// A customer's recency is larger than the customer's age `T`.
    case recencyExceedsT(index: Int, recency: Double, T: Double)
    /// A customer with no repeat purchase has a non-zero recency.
    case recencyWithoutRepeat(index: Int, recency: Double)
    /// A monetary value used by the Gamma-Gamma model is zero or negative.
    case nonPositiveMonetaryValue(index: Int, value: Double)
    /// Fewer usable customers than a fit needs.
    case tooFewCustomers(required: Int, found: Int, context: String)
    /// An argument (time, parameter, option) is outside its domain.
    case invalidArgument(String)
    /// A holdout computation was asked for a summary without holdout columns.
    case missingHoldout(customer: String)
    /// The requested prediction does not exist for these parameters.
    case undefinedPrediction(String)

    /// A human-readable explanation of the error.
    public var description: String {
        switch self {
        case .emptyInput(let what):
            return "empty input: \(what)"
        case .lengthMismatch(let what):
            return "length mismatch: \(what)"
        case .nonFinite(let field, let index, let value):
            return "\(field)[\(index)] is \(value); all values must be finite numbers"
        case .negativeFrequency(let index, let value):
            return "frequency[\(index)] is \(value); frequencies must be >= 0"
        case .fractionalFrequency(let index, let value):
            return "frequency[\(index)] is \(value); frequencies must be whole numbers"
        case .negativeValue(let field, let index, let value):
            return "\(field)[\(index)] is \(value); it must be >= 0"
        case .recencyExceedsT(let index, let recency, let T):
            return "recency[\(index)] = \(recency) is larger than T[\(index)] = \(T); "
                + "the last purchase cannot be after the end of observation"
        case .recencyWithoutRepeat(let index, let recency):
            return "recency[\(index)] = \(recency) but frequency is 0; recency must be 0 without repeat purchases"
        case .nonPositiveMonetaryValue(let index, let value):
            return "monetaryValue[\(index)] is \(value); Gamma-Gamma needs strictly positive spend"
        case .tooFewCustomers(let required, let found, let context):
            return "too few customers for \(context): need at least \(required), found \(found)"
        case .invalidArgument(let what):
            return "invalid argument: \(what)"
        case .missingHoldout(let customer):
            return "customer \(customer) has no holdout columns; build the summary with a calibration end"
        case .undefinedPrediction(let what):
            return "undefined prediction: \(what)"
        }
    }
}

/// Validation helpers shared by the fitters and predictors.
enum Check: Sendable {
    /// Throws unless `value` is finite.
    static func finite(_ value: Double, _ field: String, _ index: Int = 0) throws {
        guard value.isFinite else {
            throw RepeatBuyingError.nonFinite(field: field, index: index, value: value)
        }
    }

    /// Validates one customer's (x, t_x, T) triple with lifetimes' `_check_inputs` rules.
    static func customer(frequency x: Double, recency tx: Double, T: Double, index: Int) throws {
        try finite(x, "frequency", index)
        try finite(tx, "recency", index)
        try finite(T, "T", index)
        if x < 0 { throw RepeatBuyingError.negativeFrequency(index: index, value: x) }
        if x.rounded() != x { throw RepeatBuyingError.fractionalFrequency(index: index, value: x) }
        if tx < 0 { throw RepeatBuyingError.negativeValue(field: "recency", index: index, value: tx) }
        if T < 0 { throw RepeatBuyingError.negativeValue(field: "T", index: index, value: T) }
        if tx > T { throw RepeatBuyingError.recencyExceedsT(index: index, recency: tx, T: T) }
        if x == 0 && tx != 0 { throw RepeatBuyingError.recencyWithoutRepeat(index: index, recency: tx) }
    }

    /// Throws unless `t` is a finite, non-negative prediction horizon.
    static func horizon(_ t: Double) throws {
        guard t.isFinite, t >= 0 else {
            throw RepeatBuyingError.invalidArgument("prediction horizon t = \(t) must be finite and >= 0")
        }
    }

    /// Throws unless every named parameter is finite and strictly positive.
    static func positiveParams(_ params: [(String, Double)]) throws {
        for (name, value) in params where !(value.isFinite && value > 0) {
            throw RepeatBuyingError.invalidArgument("parameter \(name) = \(value) must be finite and > 0")
        }
    }
}
