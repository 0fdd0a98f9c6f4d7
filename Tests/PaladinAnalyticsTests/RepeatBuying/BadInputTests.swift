import Foundation
import Testing
import PaladinAnalytics

/// Three valid customers to corrupt one field at a time.
private func valid() -> RFMData {
    RFMData(frequency: [0, 2, 5], recency: [0, 10, 30], T: [20, 30, 40], monetaryValue: [0, 12, 30])
}

/// Runs every fitter and expects each to throw `expected`.
private func expectAllFitsThrow(
    _ data: RFMData, _ expected: RepeatBuyingError, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(throws: expected, sourceLocation: sourceLocation) { try BGNBDModel.fit(data) }
    #expect(throws: expected, sourceLocation: sourceLocation) { try ParetoNBDModel.fit(data) }
}

@Suite("Bad input gives typed errors")
struct BadInputTests {
    @Test("recency larger than T")
    func recencyAfterT() {
        var data = valid()
        data.recency[1] = 31
        expectAllFitsThrow(data, .recencyExceedsT(index: 1, recency: 31, T: 30))
        #expect(throws: RepeatBuyingError.recencyExceedsT(index: 0, recency: 5, T: 4)) {
            try BGNBDModel(params: BGNBDParameters(r: 1, alpha: 1, a: 1, b: 1))
                .conditionalProbabilityAlive(frequency: 1, recency: 5, T: 4)
        }
    }

    @Test("negative, fractional and NaN frequencies")
    func frequencies() {
        var data = valid()
        data.frequency[2] = -1
        expectAllFitsThrow(data, .negativeFrequency(index: 2, value: -1))
        data.frequency[2] = 2.5
        expectAllFitsThrow(data, .fractionalFrequency(index: 2, value: 2.5))
        data.frequency[2] = .nan
        #expect(throws: RepeatBuyingError.self) { try BGNBDModel.fit(data) }
        do {
            _ = try ParetoNBDModel.fit(data)
            Issue.record("NaN frequency was accepted")
        } catch let error as RepeatBuyingError {
            guard case .nonFinite(let field, let index, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(field == "frequency" && index == 2)
            #expect(error.description.contains("frequency[2]"))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    @Test("NaN and negative recency or T, recency without repeat purchases")
    func otherColumns() {
        var data = valid()
        data.T[0] = .infinity
        #expect(throws: RepeatBuyingError.self) { try BGNBDModel.fit(data) }
        data = valid()
        data.recency[1] = -2
        expectAllFitsThrow(data, .negativeValue(field: "recency", index: 1, value: -2))
        data = valid()
        data.recency[0] = 3
        expectAllFitsThrow(data, .recencyWithoutRepeat(index: 0, recency: 3))
        data = valid()
        data.T.removeLast()
        #expect(throws: RepeatBuyingError.self) { try BGNBDModel.fit(data) }
        data = valid()
        data.weights = [1, -1, 1]
        expectAllFitsThrow(data, .negativeValue(field: "weights", index: 1, value: -1))
    }

    @Test("too few customers")
    func tooFew() {
        let two = RFMData(frequency: [1, 2], recency: [3, 4], T: [5, 6], monetaryValue: [3, 4])
        #expect(throws: RepeatBuyingError.tooFewCustomers(required: 3, found: 2, context: "a BG/NBD fit")) {
            try BGNBDModel.fit(two)
        }
        #expect(throws: RepeatBuyingError.tooFewCustomers(required: 3, found: 2, context: "a Pareto/NBD fit")) {
            try ParetoNBDModel.fit(two)
        }
        #expect(throws: RepeatBuyingError.self) { try GammaGammaModel.fit(two) }
        #expect(throws: RepeatBuyingError.emptyInput("no customers")) {
            try BGNBDModel.fit(RFMData(frequency: [], recency: [], T: []))
        }
        let allZero = RFMData(frequency: [0, 0, 0, 0], recency: [0, 0, 0, 0], T: [5, 6, 7, 8],
            monetaryValue: [0, 0, 0, 0])
        #expect(throws: RepeatBuyingError.tooFewCustomers(
            required: 3, found: 0, context: "a Gamma-Gamma fit (customers with frequency > 0)")) {
            try GammaGammaModel.fit(allZero)
        }
        let zeroT = RFMData(frequency: [0, 1, 0], recency: [0, 0, 0], T: [0, 0, 0])
        #expect(throws: RepeatBuyingError.self) { try BGNBDModel.fit(zeroT) }
        #expect(throws: RepeatBuyingError.tooFewCustomers(
            required: 1, found: 0, context: "a BG/NBD fit (customers with a repeat purchase)")) {
            try BGNBDModel.fit(allZero)
        }
        #expect(throws: RepeatBuyingError.self) { try ParetoNBDModel.fit(allZero) }
    }

    @Test("Gamma-Gamma needs positive spend and monetary values")
    func gammaGammaInput() {
        var data = valid()
        data.monetaryValue[1] = 0
        #expect(throws: RepeatBuyingError.nonPositiveMonetaryValue(index: 1, value: 0)) {
            try GammaGammaModel.fit(data)
        }
        data.monetaryValue = []
        #expect(throws: RepeatBuyingError.self) { try GammaGammaModel.fit(data) }
    }

    @Test("bad options, parameters and arguments")
    func arguments() {
        #expect(throws: RepeatBuyingError.self) {
            try BGNBDModel.fit(valid(), options: FitOptions(initialParams: [1, 2, 3]))
        }
        #expect(throws: RepeatBuyingError.self) {
            try BGNBDModel.fit(valid(), options: FitOptions(penalizer: -1))
        }
        let broken = BGNBDModel(params: BGNBDParameters(r: -1, alpha: 1, a: 1, b: 1))
        #expect(throws: RepeatBuyingError.self) {
            try broken.conditionalProbabilityAlive(frequency: 1, recency: 1, T: 2)
        }
        let model = ParetoNBDModel(params: ParetoNBDParameters(r: 1, alpha: 1, s: 1, beta: 1))
        #expect(throws: RepeatBuyingError.self) {
            try model.conditionalExpectedPurchases(t: -1, frequency: 1, recency: 1, T: 2)
        }
        #expect(throws: RepeatBuyingError.invalidArgument(
            "calibration end day 200 is after observation end day 100")) {
            try summarize([], observationEnd: 100, calibrationEnd: 200)
        }
    }

    @Test("errors explain themselves")
    func messages() {
        let error = RepeatBuyingError.recencyExceedsT(index: 4, recency: 9, T: 8)
        #expect(error.description.contains("recency[4]"))
        #expect(RepeatBuyingError.tooFewCustomers(required: 3, found: 1, context: "x").description
                .contains("need at least 3"))
        #expect(RepeatBuyingError.missingHoldout(customer: "c1").description.contains("calibration end"))
    }
}
