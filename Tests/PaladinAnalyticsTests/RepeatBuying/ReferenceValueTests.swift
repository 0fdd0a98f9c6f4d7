import Foundation
import Testing
import PaladinAnalytics

/// A customer history with reference values computed at 50 digits with mpmath
/// (script /tmp/refvals.py: the papers' formulas, mpmath.hyp2f1).
struct Reference: Sendable, CustomStringConvertible {
    let params: [Double]
    let x: Double
    let tx: Double
    let T: Double
    let t: Double
    let logLikelihood: Double
    let pAlive: Double
    let expected: Double

    var description: String { "params \(params) x \(x) tx \(tx) T \(T) t \(t)" }
}

/// Pareto/NBD references; include α << β (2F1 argument near 1), α > β, α = β with s = 1, x = 60.
let paretoReferences: [Reference] = [
    Reference(params: [0.55, 10.58, 0.61, 11.67], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -0.418561423132905, pAlive: 0.4610768554218568, expected: 0.07606685891084211),
    Reference(params: [0.55, 10.58, 0.61, 11.67], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -11.237159054274503, pAlive: 0.2383696574905043, expected: 0.7042750408000005),
    Reference(params: [0.55, 10.58, 0.61, 11.67], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -48.678489147227516, pAlive: 0.3759310000800892, expected: 10.45682112759209),
    Reference(params: [0.55, 10.58, 0.61, 11.67], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -4.3628682225624, pAlive: 0.0029207189601162652, expected: 0.008754035131068656),
    Reference(params: [0.55, 10.58, 0.61, 11.67], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -13.478061527646041, pAlive: 0.9966580537531984, expected: 1.986778040724403),
    Reference(params: [0.8, 0.05, 1.3, 40.0], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -3.905240357762174, pAlive: 0.24243214441070968, expected: 0.08742974027965375),
    Reference(params: [0.8, 0.05, 1.3, 40.0], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -13.312090871080061, pAlive: 0.082911288364834, expected: 0.29975874104844813),
    Reference(params: [0.8, 0.05, 1.3, 40.0], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -36.29505188442431, pAlive: 0.11615776149735409, expected: 3.8963387414711566),
    Reference(params: [0.8, 0.05, 1.3, 40.0], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -5.509560276377066, pAlive: 3.87118990688049e-05, expected: 8.877826576768001e-05),
    Reference(params: [0.8, 0.05, 1.3, 40.0], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -9.864261198333317, pAlive: 0.9970757056390486, expected: 5.162936394843749),
    Reference(params: [2.0, 30.0, 0.5, 0.2], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -0.1556597762957281, pAlive: 0.04185467709884549, expected: 0.015064294643464109),
    Reference(params: [2.0, 30.0, 0.5, 0.2], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -12.223213475400224, pAlive: 0.20242233219204167, expected: 0.6046985839387049),
    Reference(params: [2.0, 30.0, 0.5, 0.2], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -65.1384041484324, pAlive: 0.6226227912697265, expected: 12.705648664460671),
    Reference(params: [2.0, 30.0, 0.5, 0.2], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -3.7955972686946406, pAlive: 5.753700990925619e-05, expected: 0.00033952692524587134),
    Reference(params: [2.0, 30.0, 0.5, 0.2], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -16.875944075212914, pAlive: 0.9929460549463531, expected: 1.0493398357255033),
    Reference(params: [0.7, 5.0, 1.0, 5.0], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -0.4862493405552993, pAlive: 0.10542082196003533, expected: 0.024829825825937835),
    Reference(params: [0.7, 5.0, 1.0, 5.0], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -11.048744308791573, pAlive: 0.05942718696449742, expected: 0.1718128610014831),
    Reference(params: [0.7, 5.0, 1.0, 5.0], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -41.69624057915631, pAlive: 0.14734763610917803, expected: 4.152750061074343),
    Reference(params: [0.7, 5.0, 1.0, 5.0], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -3.216668863342937, pAlive: 5.2810346696020584e-05, expected: 0.00013050488245922422),
    Reference(params: [0.7, 5.0, 1.0, 5.0], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -11.208326351558647, pAlive: 0.991394302117394, expected: 2.658881395068778),
]

/// BG/NBD references; include x = 50 with t = 1e5 (2F1 argument near 1) and a = 1.001.
let bgReferences: [Reference] = [
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -0.4156212295903744, pAlive: 1.0, expected: 0.09398390052460376),
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -11.34083993468572, pAlive: 0.20914686048299128, expected: 0.6357120997132494),
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -43.520034964422635, pAlive: 0.18642993961495935, expected: 5.5637684450494405),
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -4.415904083936216, pAlive: 0.017796172254623047, expected: 0.04788158763410179),
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -12.558405301066669, pAlive: 0.908837066448986, expected: 2.5492693098515473),
    Reference(params: [0.243, 4.414, 0.793, 2.426], x: 50.0, tx: 99.0, T: 100.0, t: 100000.0,
              logLikelihood: -91.43356235027346, pAlive: 0.9756023108913835, expected: 765.1207960444638),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -6.321890535560517, pAlive: 1.0, expected: 0.4913861743581503),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -14.021910043944422, pAlive: 0.00581257190307514, expected: 0.012462992003952145),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -44.345850059549555, pAlive: 0.026319172361869383, expected: 0.5215942255906512),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -1.0523556656073434, pAlive: 8.54699372593136e-08, expected: 1.396700410393934e-07),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -13.934537042346667, pAlive: 0.6651326474196709, expected: 1.9584359591366558),
    Reference(params: [1.5, 0.3, 3.0, 0.7], x: 50.0, tx: 99.0, T: 100.0, t: 100000.0,
              logLikelihood: -99.13693929149213, pAlive: 0.9081586338736353, expected: 23.929954811081405),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 0.0, tx: 0.0, T: 20.0, t: 10.0,
              logLikelihood: -0.34657359027997264, pAlive: 1.0, expected: 0.12130590265379566),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 3.0, tx: 12.5, T: 38.9, t: 52.0,
              logLikelihood: -11.845846761689822, pAlive: 0.46600431717975965, expected: 1.1966519924803356),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 60.0, tx: 35.0, T: 39.0, t: 26.0,
              logLikelihood: -61.01513696436439, pAlive: 0.47764639418597055, expected: 10.667868756780402),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 1.0, tx: 0.5, T: 300.0, t: 1000.0,
              logLikelihood: -5.438965920865257, pAlive: 0.07492371426789582, expected: 0.24181850263760452),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 7.0, tx: 6.9, T: 7.0, t: 5.0,
              logLikelihood: -17.045753848748415, pAlive: 0.9144378448804579, expected: 1.1989738703466728),
    Reference(params: [0.5, 20.0, 1.001, 5.0], x: 50.0, tx: 99.0, T: 100.0, t: 100000.0,
              logLikelihood: -96.69588844763165, pAlive: 0.9724920791861744, expected: 354.01314126386694),
]

@Suite("Reference values (mpmath, 50 digits)")
struct ReferenceValueTests {
    @Test("Pareto/NBD log-likelihood, p_alive and expected purchases", arguments: paretoReferences)
    func pareto(_ ref: Reference) throws {
        let p = ref.params
        let model = ParetoNBDModel(params: ParetoNBDParameters(r: p[0], alpha: p[1], s: p[2], beta: p[3]))
        let data = RFMData(frequency: [ref.x], recency: [ref.tx], T: [ref.T])
        #expect(relativeError(try model.logLikelihood(data), ref.logLikelihood) < 1e-10)
        let alive = try model.conditionalProbabilityAlive(frequency: ref.x, recency: ref.tx, T: ref.T)
        #expect(relativeError(alive, ref.pAlive) < 1e-9, "p_alive \(alive) vs \(ref.pAlive)")
        let e = try model.conditionalExpectedPurchases(t: ref.t, frequency: ref.x, recency: ref.tx, T: ref.T)
        #expect(relativeError(e, ref.expected) < 1e-9, "E \(e) vs \(ref.expected)")
    }

    @Test("BG/NBD log-likelihood, p_alive and expected purchases", arguments: bgReferences)
    func bgnbd(_ ref: Reference) throws {
        let p = ref.params
        let model = BGNBDModel(params: BGNBDParameters(r: p[0], alpha: p[1], a: p[2], b: p[3]))
        let data = RFMData(frequency: [ref.x], recency: [ref.tx], T: [ref.T])
        #expect(relativeError(try model.logLikelihood(data), ref.logLikelihood) < 1e-10)
        let alive = try model.conditionalProbabilityAlive(frequency: ref.x, recency: ref.tx, T: ref.T)
        #expect(relativeError(alive, ref.pAlive) < 1e-10, "p_alive \(alive) vs \(ref.pAlive)")
        let e = try model.conditionalExpectedPurchases(t: ref.t, frequency: ref.x, recency: ref.tx, T: ref.T)
        #expect(relativeError(e, ref.expected) < 1e-9, "E \(e) vs \(ref.expected)")
    }
}
