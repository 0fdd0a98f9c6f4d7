import PaladinCore

/// One thing to do for a customer next, with the evidence that calls for it.
public struct NextBestAction: Sendable, Hashable {
    /// The kinds of action, in the order of their priority (``priority``; `stalled` has two, by zone).
    public enum Kind: String, Sendable, CaseIterable {
        /// An open follow-up past its due day.
        case followUpOverdue = "follow_up_overdue"
        /// An open follow-up due today or within the next days (``Guidance/dueSoonDays``).
        case followUpDue = "follow_up_due"
        /// Demanding or lost, with negative profit: stop spending here (the texts: send them to the competition).
        case disinvest
        /// Longer at a stage than its expected days (first when the stage is in the model's stall zone).
        case stalled
        /// Every required marker of the current stage is met: move the customer on, asking for the decision.
        case readyToMove = "ready_to_move"
        /// Lost, but worth a lot in the past: a win-back attempt is worth its cost.
        case winBack = "win_back"
        /// A promoter who bought again: invite them to advocate (referrals, testimonials).
        case inviteToAdvocate = "invite_to_advocate"
        /// A loyal or average customer with positive profit: the texts say focus time and money here.
        case focus
        /// A required marker of the current stage is not met yet: work towards it.
        case meetMarker = "meet_marker"
        /// The current stage's next playbook step.
        case playbook
    }

    /// The priorities, 1 the most urgent. Documented in the README ("Guidance: the next best action").
    public enum Priority {
        public static let followUpOverdue = 1
        public static let followUpDue = 2
        public static let disinvest = 3
        public static let stalledInStallZone = 4
        public static let readyToMove = 5
        public static let stalled = 6
        public static let winBack = 7
        public static let inviteToAdvocate = 8
        public static let focus = 9
        public static let meetMarker = 10
        public static let playbook = 11
    }

    /// What kind of action.
    public var kind: Kind
    /// The model it is about, if any.
    public var model: String?
    /// The stage it is about (the customer's current stage in `model`), if any.
    public var stage: String?
    /// What to do, in a line.
    public var title: String
    /// More about it: the step, the marker's description, the stage's purpose, the decision to ask for.
    public var detail: String
    /// Why, naming the evidence.
    public var reason: String
    /// 1 is the most urgent; see ``Priority``.
    public var priority: Int
    /// The day it is (or was) due, if it has one.
    public var due: CivilDate?
    /// How pressing among actions of the same priority (days overdue, days at the stage); larger first.
    public var weight: Int

    /// An action.
    public init(
        kind: Kind, model: String? = nil, stage: String? = nil, title: String, detail: String, reason: String,
        priority: Int, due: CivilDate? = nil, weight: Int = 0
    ) {
        self.kind = kind
        self.model = model
        self.stage = stage
        self.title = title
        self.detail = detail
        self.reason = reason
        self.priority = priority
        self.due = due
        self.weight = weight
    }
}

/// A customer and what to do for them next, the most urgent action first.
public struct CustomerGuidance: Sendable, Hashable {
    /// The customer.
    public var customer: Customer
    /// The actions, ordered by ``Guidance/order(_:)``.
    public var actions: [NextBestAction]

    /// A customer's guidance.
    public init(customer: Customer, actions: [NextBestAction]) {
        self.customer = customer
        self.actions = actions
    }

    /// Orders customers by urgency: the top action's priority, then its weight (larger first), then the customer id.
    public static func mostUrgentFirst(_ lhs: CustomerGuidance, _ rhs: CustomerGuidance) -> Bool {
        let left = lhs.actions.first, right = rhs.actions.first
        let leftKey = (left?.priority ?? Int.max, -(left?.weight ?? 0)), rightKey = (right?.priority ?? Int.max, -(right?.weight ?? 0))
        if leftKey != rightKey { return leftKey < rightKey }
        return lhs.customer.id < rhs.customer.id
    }
}
