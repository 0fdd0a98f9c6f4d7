import Foundation
import PaladinCore
import PaladinViews

/// A customer seen whole, as readable text for the terminal.
enum CustomerText {
    static func render(_ view: CustomerDetailView) -> String {
        let customer = view.customer
        var lines = ["\(customer.name) — customer \(customer.id)\(customer.external_id.map { " (\($0))" } ?? "")"]
        let contact = [customer.email, customer.phone, customer.company, customer.owner.map { "owner \($0)" }].compactMap { $0 }
        if !contact.isEmpty { lines.append(contact.joined(separator: " · ")) }
        if !customer.tags.isEmpty { lines.append("tags: \(customer.tags.joined(separator: ", "))") }
        lines.append("revenue \(view.revenue) · cost \(view.cost) · profit \(view.profit)"
            + (view.last_score.map { " · last score \($0) (\(view.last_score_segment ?? ""))" } ?? ""))
        for position in view.positions {
            lines.append("")
            var title = "\(position.model_name): \(position.stage_name) [\(position.stage)] since \(position.since.prefix(10)) (\(position.days_in_stage) days"
            if let expected = position.expected_days { title += " of \(expected) expected" }
            title += ")"
            if position.is_override { title += " — set by hand" }
            lines.append(title)
            if !position.purpose.isEmpty { lines.append("  purpose: \(position.purpose)") }
            for marker in position.markers {
                lines.append("  \(marker.met ? "[x]" : "[ ]") \(marker.key)\(marker.required ? "" : " (optional)"): \(marker.name)")
            }
            if let step = position.playbook.first { lines.append("  next: \(step)") }
        }
        if let asOf = view.scored_as_of {
            lines.append("")
            lines.append("derived positions (score as of \(asOf.prefix(10))):")
            for derived in view.derived {
                let shown = view.positions.first { $0.model == derived.model }
                let pinned = shown.map { $0.is_override && $0.stage != derived.stage ? " — set by hand to \($0.stage), rules say \(derived.stage)" : "" } ?? ""
                lines.append("  \(derived.model): \(derived.stage)\(pinned) because \(derived.explanation)")
            }
            for recommendation in view.recommendations {
                lines.append("  ! \(recommendation.kind): \(recommendation.reason)")
            }
            if let metrics = view.metrics {
                let shown = metrics.keys.sorted().filter { !$0.hasPrefix("days_in_stage_") }.map { key in
                    switch metrics[key]!.value {
                    case .number(let number): return "\(key) \(number == number.rounded() ? String(Int64(number)) : String(format: "%.3f", number))"
                    case .text(let text): return "\(key) \(text)"
                    case .boolean(let flag): return "\(key) \(flag)"
                    }
                }
                lines.append("  metrics: " + shown.joined(separator: " · "))
            }
        }
        let open = view.follow_ups.filter { $0.doneAt == nil }
        if !open.isEmpty {
            lines.append("")
            lines.append("open follow-ups:")
            for followUp in open { lines.append("  #\(followUp.id) due \(followUp.due) \(followUp.assignee ?? "") — \(followUp.note ?? "")") }
        }
        if !view.recent_interactions.isEmpty {
            lines.append("")
            lines.append("recent interactions:")
            for interaction in view.recent_interactions {
                lines.append("  \(interaction.at.description.prefix(10)) \(interaction.channel.rawValue)/\(interaction.kind.rawValue): \(interaction.summary)")
            }
        }
        if !view.moves.isEmpty {
            lines.append("")
            lines.append("recent moves:")
            for move in view.moves {
                var text = "  \(move.at.prefix(10)) \(move.model): \(move.from ?? "—") → \(move.to ?? "—") (\(move.kind))"
                if let decision = move.decision { text += " decision: \(decision)" }
                if let reason = move.reason { text += " reason: \(reason)" }
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n")
    }
}
