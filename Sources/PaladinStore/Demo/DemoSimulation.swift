import Foundation
import PaladinCore

/// Simulates customers living through the models, following the rules of movement, and collects the records.
struct DemoSimulation {
    enum Profile: CaseIterable { case prospect, average, loyal, champion, demanding, lapsed }

    let models: [JourneyModel]
    let now: Timestamp
    let currency: String
    var random: DemoRandom
    var customers: [Customer] = []
    var moves: [Move] = []
    var markers: [MarkerRecord] = []
    var interactions: [Interaction] = []
    var followUps: [FollowUp] = []
    var purchases: [Purchase] = []
    var costs: [CostToServe] = []
    var surveys: [SurveyResponse] = []

    init(models: [JourneyModel], now: Timestamp, seed: UInt64, currency: String) {
        self.models = models
        self.now = now
        self.currency = currency
        self.random = DemoRandom(seed: seed)
    }

    static let owners = ["ana.popescu@demo.example", "marek.nowak@demo.example", "giulia.rossi@demo.example", "ivan.petrov@demo.example"]
    static let firstNames = ["Ana", "Ioana", "Mihai", "Andrei", "Marek", "Zofia", "Katarzyna", "Piotr", "Giulia", "Marco",
                             "Francesca", "Luca", "Ivan", "Olga", "Dmitri", "Natalia", "Emma", "James", "Sofia", "Daniel"]
    static let lastNames = ["Popescu", "Ionescu", "Dumitru", "Nowak", "Kowalski", "Wiśniewska", "Rossi", "Bianchi", "Ferrari",
                            "Petrov", "Ivanova", "Smirnov", "Smith", "Brown", "Marin", "Lewandowski", "Romano", "Volkova"]
    static let companies = ["Atlas Logistics", "Bistro Verde", "Carpathia Tools", "Delta Print", "Edelweiss Clinic",
                            "Fabbrica Sole", "Gdańsk Marine", "Horizon Travel", "Iskra Energy", "Juniper Studio", "Kraków Bakery",
                            "Lumen Optics", "Milano Moda", "Nord Furniture", "Orion Software", "Primavera Hotels"]
    static let comments = [
        9: ["Always there when we need them", "They understood our business"], 10: ["Best supplier we have", "Recommended you to two partners"],
        7: ["Good, but delivery was slow once"], 8: ["Solid service"], 6: ["Too many follow-up calls"], 3: ["Support took a week to answer"],
        0: ["Billing errors again"], 5: ["Prices went up without notice"],
    ]

    private func model(_ key: String) -> JourneyModel? { models.first { $0.key == key } }

    mutating func simulateCustomer(_ index: Int) {
        let profile: Profile = {
            let roll = random.int(0...99)
            switch roll {
            case 0..<15: return .prospect
            case 15..<45: return .average
            case 45..<68: return .loyal
            case 68..<78: return .champion
            case 78..<88: return .demanding
            default: return .lapsed
            }
        }()
        let created = now.adding(days: -random.int(profile == .prospect ? 3...120 : 120...560))
        let first = random.pick(Self.firstNames), last = random.pick(Self.lastNames)
        let company = random.chance(0.7) ? random.pick(Self.companies) : nil
        let id = Int64(customers.count + 1)
        let owner = random.pick(Self.owners)
        var tags = [company == nil ? "retail" : "b2b"]
        if random.chance(0.2) { tags.append("vip") }
        customers.append(Customer(
            id: id, externalId: String(format: "C-%04d", index + 1), name: "\(first) \(last)", kind: .person,
            email: "\(first.lowercased()).\(last.lowercased().folding())@example.com", phone: "+40 7\(random.int(10...99)) \(random.int(100...999)) \(random.int(100...999))",
            company: company, owner: owner, tags: tags, attributes: ["source": random.pick(["web", "referral", "fair", "outbound"])],
            createdAt: created, updatedAt: created))

        for guided in models where guided.kind == .guided {
            appendMove(Move(id: 0, customerId: id, model: guided.key, from: nil, to: guided.stages[0].key, kind: .entry, at: created, actor: owner))
        }
        let journeyTarget: Int = {
            switch profile {
            case .prospect: return random.int(0...1)
            case .lapsed: return random.int(2...4)
            case .average, .demanding: return random.int(3...5)
            case .loyal: return random.int(5...6)
            case .champion: return 7
            }
        }()
        var purchaseStart: Timestamp?
        if let journey = model("customer-journey") {
            let reached = advance(journey, customer: id, owner: owner, to: journeyTarget, from: created)
            if journeyTarget >= 1, let admitted = reached.first(where: { $0.stage == 1 })?.at { purchaseStart = admitted }
        }
        if let pro = model("pro-customer") {
            let target = profile == .prospect ? random.int(0...2) : (profile == .champion ? pro.stages.count + 1 : random.int(4...(pro.stages.count - 1)))
            _ = advance(pro, customer: id, owner: owner, to: target, from: created)
            if let guidance = model("proc-guidance") {
                _ = advance(guidance, customer: id, owner: owner, to: min(guidance.stages.count - 1, (target % pro.stages.count) / 2), from: created)
            }
        }
        if let buying = model("buying-process") {
            _ = advance(buying, customer: id, owner: owner, to: profile == .prospect ? random.int(0...2) : random.int(3...4), from: created)
        }
        if let start = purchaseStart { buy(customer: id, profile: profile, from: start) }
        serve(customer: id, owner: owner, profile: profile, from: created)
        if purchaseStart != nil, random.chance(0.65) { survey(customer: id, profile: profile) }
    }

    /// Moves the customer forward stage by stage (meeting markers first, or now and then forcing with a reason).
    /// Returns the stage index reached at each move.
    private mutating func advance(_ model: JourneyModel, customer: Int64, owner: String, to target: Int, from start: Timestamp) -> [(stage: Int, at: Timestamp)] {
        var reached: [(Int, Timestamp)] = []
        var time = start
        var step = 0
        let count = model.stages.count
        while step < target {
            let current = step % count
            let next = (step + 1) % count
            if !model.cyclic && step + 1 >= count { break }
            let stage = model.stages[current]
            let dwell = max(2, stage.expectedDays ?? 20)
            let days = random.int(max(1, dwell / 3)...(dwell + dwell / 3))
            let moveAt = time.adding(days: days)
            if moveAt > now { break }
            let forced = random.chance(0.04)
            var unmet: [String] = []
            for marker in stage.markers {
                if marker.required && forced { unmet.append(marker.key); continue }
                if !marker.required && !random.chance(0.5) { continue }
                let at = time.adding(days: random.int(0...max(0, days - 1)))
                logInteraction(customer: customer, owner: owner, at: at, kind: random.pick([.meeting, .call, .message]),
                                summary: "\(marker.names.text()) — noted", marker: (model.key, marker.key))
            }
            let decision = model.cyclic && current == count - 1 ? "Starts a new need" : stage.state.flatMap { state in
                model.stages[next].state != state ? model.state(state)?.decision.text() : nil
            }
            appendMove(Move(
                id: 0, customerId: customer, model: model.key, from: stage.key, to: model.stages[next].key,
                kind: next == 0 ? .wrap : .forward, at: moveAt, actor: owner, decision: decision,
                reason: forced ? "Customer asked to go ahead; markers to be confirmed" : nil, overriddenMarkers: unmet))
            reached.append((next, moveAt))
            time = moveAt
            step += 1
        }
        return reached
    }

    private mutating func buy(customer: Int64, profile: Profile, from start: Timestamp) {
        let (gap, amount): (ClosedRange<Int>, ClosedRange<Int>) = {
            switch profile {
            case .champion: return (15...40, 400...2_500)
            case .loyal: return (20...60, 200...1_500)
            case .average, .prospect: return (40...120, 80...600)
            case .demanding: return (50...120, 100...500)
            case .lapsed: return (30...90, 60...400)
            }
        }()
        let stop = profile == .lapsed ? start.adding(days: random.int(60...200)) : now
        var time = start
        var number = 0
        while time <= stop && time <= now && number < 60 {
            let cents = Int64(random.int(amount)) * 100 + Int64(random.int(0...99))
            purchases.append(Purchase(id: Int64(purchases.count + 1), customerId: customer, at: time.adding(days: 0), amount: Money(cents: cents),
                                      currency: currency, reference: "INV-\(10_000 + purchases.count)"))
            number += 1
            time = time.adding(days: random.int(gap))
        }
    }

    private mutating func serve(customer: Int64, owner: String, profile: Profile, from start: Timestamp) {
        let span = max(1, start.days(until: now))
        let complaints = profile == .demanding ? random.int(3...7) : (random.chance(0.15) ? 1 : 0)
        for _ in 0..<complaints {
            let at = start.adding(days: random.int(0...span))
            logInteraction(customer: customer, owner: owner, at: at, kind: .complaint, summary: random.pick(["Late delivery", "Invoice error", "Product defect", "Rude support call"]), marker: nil)
            costs.append(CostToServe(id: Int64(costs.count + 1), customerId: customer, at: at, amount: Money(cents: Int64(random.int(50...400)) * 100), category: random.pick([.support, .care, .discount])))
        }
        for _ in 0..<random.int(0...3) {
            costs.append(CostToServe(id: Int64(costs.count + 1), customerId: customer, at: start.adding(days: random.int(0...span)), amount: Money(cents: Int64(random.int(10...120)) * 100), category: random.pick([.logistics, .support, .care])))
        }
        let lastContact = now.adding(days: -random.int(0...40))
        if lastContact > start {
            let interaction = logInteraction(customer: customer, owner: owner, at: lastContact, kind: random.pick([.call, .meeting, .message]),
                                             summary: random.pick(["Quarterly check-in", "Discussed next order", "Training session", "Follow-up on proposal"]), marker: nil)
            let due = lastContact.adding(days: random.int(2...21)).date
            let done = due < now.date && random.chance(0.6)
            followUps.append(FollowUp(id: Int64(followUps.count + 1), customerId: customer, interactionId: interaction, due: due, assignee: owner,
                                      note: "Call back about next steps", doneAt: done ? Timestamp(due) : nil))
        }
    }

    private mutating func survey(customer: Int64, profile: Profile) {
        let score: Int = {
            switch profile {
            case .champion: return random.int(9...10)
            case .loyal: return random.int(7...10)
            case .average, .prospect: return random.int(5...9)
            case .demanding: return random.int(0...6)
            case .lapsed: return random.int(3...7)
            }
        }()
        surveys.append(SurveyResponse(id: Int64(surveys.count + 1), customerId: customer, at: now.adding(days: -random.int(1...90)), score: score,
                                      comment: Self.comments[score].map { random.pick($0) }))
    }

    @discardableResult
    private mutating func logInteraction(customer: Int64, owner: String, at: Timestamp, kind: InteractionKind, summary: String, marker: (String, String)?) -> Int64 {
        let id = Int64(interactions.count + 1)
        interactions.append(Interaction(id: id, customerId: customer, at: at, channel: random.pick(Channel.allCases.filter { $0 != .other }), kind: kind, summary: summary, actor: owner))
        if let (model, key) = marker {
            markers.append(MarkerRecord(id: Int64(markers.count + 1), customerId: customer, model: model, marker: key, at: at, actor: owner, note: summary, interactionId: id))
        }
        return id
    }

    private mutating func appendMove(_ move: Move) {
        var numbered = move
        numbered.id = Int64(moves.count + 1)
        moves.append(numbered)
    }
}

extension String {
    /// Lowercase ASCII letters only, for demo email addresses.
    func folding() -> String {
        let map: [Character: String] = ["ś": "s", "ń": "n", "ł": "l", "ą": "a", "ę": "e", "ó": "o", "ż": "z", "ź": "z", "ć": "c"]
        return map.reduce(into: self) { text, pair in text = text.replacingOccurrences(of: String(pair.key), with: pair.value) }
    }
}
