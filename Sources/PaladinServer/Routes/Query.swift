import Hummingbird
import PaladinCore

/// Reading query parameters the same way on every route: malformed values collect 400 field errors.
struct Query {
    let parameters: Parameters
    private(set) var errors: [Problem.FieldError] = []

    init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    init(parameters: Parameters) {
        self.parameters = parameters
    }

    /// The parameter's text; nil when absent or empty.
    func text(_ name: String) -> String? {
        parameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A value of a closed set; 400 listing the allowed ones.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let text = text(name) else { return nil }
        guard let value = T(rawValue: text) else {
            errors.append(.init(field: name, message: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return value
    }

    /// A whole number in `range`; nil when absent; 400 otherwise (an empty value too, as on `GET /customers`).
    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = parameters.get(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            errors.append(.init(field: name, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return nil
        }
        return value
    }

    /// A `next_cursor` made of an id (18 digits at most); nil when absent or empty; 400 otherwise.
    mutating func numericCursor(_ name: String = "cursor") -> Int64? {
        guard let text = text(name) else { return nil }
        guard text.count <= 18, let value = Int64(text), value >= 0 else {
            errors.append(.init(field: name, message: "must be a next_cursor this API returned"))
            return nil
        }
        return value
    }

    /// An ISO 8601 date or date-time; 400 otherwise.
    mutating func timestamp(_ name: String) -> Timestamp? {
        guard let text = text(name) else { return nil }
        guard case .success(let seconds) = DateParser().parse(text) else {
            errors.append(.init(field: name, message: "must be a date like 2026-03-01 or 2026-03-01T10:30:00Z"))
            return nil
        }
        return Timestamp(seconds: seconds)
    }

    /// 400 with every malformed parameter, if any.
    func check() throws {
        guard errors.isEmpty else { throw Problem.badRequest("the query parameters are not valid", errors: errors) }
    }
}
