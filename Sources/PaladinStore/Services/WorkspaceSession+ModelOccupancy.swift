import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// Refuses a new version of a model that drops a stage where customers stand: their positions (and the move
    /// history that put them there) would point at a stage that no longer exists. Move them elsewhere first.
    static func requireOccupiedStagesKept(
        _ model: JourneyModel, replacing previous: JourneyModel?, sql: any SQLDatabase, workspace: Int64
    ) async throws {
        guard let previous else { return }
        let kept = Set(model.stages.map(\.key))
        let dropped = previous.stages.map(\.key).filter { !kept.contains($0) }
        guard !dropped.isEmpty else { return }
        let counts = try await JourneyStore(sql, workspace: workspace).stageCounts(model: model.key)
        let occupied = dropped.compactMap { key in counts[key].flatMap { $0 > 0 ? "'\(key)' (\($0) customer\($0 == 1 ? "" : "s"))" : nil } }
        guard occupied.isEmpty else {
            throw PaladinError.conflict(
                "model '\(model.key)': cannot remove stage \(occupied.joined(separator: ", ")) while customers stand there; "
                    + "move them to another stage first")
        }
    }
}
