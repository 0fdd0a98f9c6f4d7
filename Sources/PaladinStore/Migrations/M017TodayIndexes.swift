/// Indexes for the web application's Today page (see `TodayStore`):
/// - customers by their owner compared without case (as `Member.owns` compares), so "my customers" is an index range:
///   a member who owns few customers (a manager usually owns none) is answered by looking at those customers only,
///   instead of walking the workspace's stalled positions or due follow-ups for ones they own.
struct M017TodayIndexes: Migration {
    let version = 17
    let name = "today indexes"
    let statements = [
        "CREATE INDEX customers_owner_lower ON customers (workspace_id, LOWER(owner))",
    ]
}
