/// A flow between stages: nodes in columns, links as bands as thick as their counts. Links
/// forward (to a later column) run left to right; links backward (to the same or an earlier
/// column) are dashed arcs with an arrowhead below the nodes. Every node and link has its count
/// written on it.
public struct SankeyChart: Chart {
    /// A node: an id the links name, the text shown, and its column (0 is leftmost).
    public struct Node: Sendable {
        public let id: String
        public let label: String
        public let column: Int

        public init(id: String, label: String, column: Int) {
            self.id = id
            self.label = label
            self.column = column
        }
    }

    /// How many went from one node to another.
    public struct Link: Sendable {
        public let from: String
        public let to: String
        public let count: Int

        public init(from: String, to: String, count: Int) {
            self.from = from
            self.to = to
            self.count = count
        }
    }

    public let title: String
    public let nodes: [Node]
    public let links: [Link]

    /// Links to unknown nodes, from a node to itself, or with a count of zero or less are not drawn.
    public init(title: String, nodes: [Node], links: [Link]) {
        self.title = title
        var seen = Set<String>()
        self.nodes = nodes.filter { seen.insert($0.id).inserted }.map {
            Node(id: $0.id, label: $0.label, column: max(0, $0.column))
        }
        self.links = links.filter { $0.count > 0 && $0.from != $0.to && seen.contains($0.from) && seen.contains($0.to) }
    }

    /// Stages in order, one per column, named by their labels.
    public init(title: String, stages: [String], links: [Link]) {
        self.init(title: title, nodes: stages.enumerated().map { Node(id: $0.element, label: $0.element, column: $0.offset) },
            links: links)
    }

    func node(_ id: String) -> (index: Int, node: Node)? {
        nodes.firstIndex { $0.id == id }.map { ($0, nodes[$0]) }
    }

    /// Whether `link` goes to the same or an earlier column.
    func isBackward(_ link: Link) -> Bool {
        guard let from = node(link.from), let to = node(link.to) else { return false }
        return to.node.column <= from.node.column
    }

    /// What a node holds: the larger of what comes in and what goes out.
    func total(_ id: String) -> (incoming: Int, outgoing: Int, value: Int) {
        let incoming = links.filter { $0.to == id }.reduce(0) { $0 + $1.count }
        let outgoing = links.filter { $0.from == id }.reduce(0) { $0 + $1.count }
        return (incoming, outgoing, max(incoming, outgoing))
    }

    var summary: String {
        func name(_ id: String) -> String { node(id)?.node.label ?? id }
        func describe(_ link: Link) -> String {
            "\(name(link.from)) to \(name(link.to)) \(ChartValueFormat.integer.string(Double(link.count)))"
        }
        let forward = links.filter { !isBackward($0) }.map(describe)
        let backward = links.filter(isBackward).map(describe)
        var text = "Flow between \(nodes.count) stages. Forward: " + (forward.isEmpty ? "none" : forward.joined(separator: "; "))
        text += ". Backward: " + (backward.isEmpty ? "none" : backward.joined(separator: "; "))
        return text + "."
    }
}
