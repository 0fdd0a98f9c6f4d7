/// Indexes for reading one customer whole at 1M customers: a customer's open follow-ups were found through the
/// workspace's open follow-ups (every one of them), now through the customer.
struct M007CustomerIndexes: Migration {
    let version = 7
    let name = "customer indexes"
    let statements = [
        "DROP INDEX follow_ups_customer",
        "CREATE INDEX follow_ups_customer ON follow_ups (workspace_id, customer_id, done_at, due_on, id)",
    ]
}
