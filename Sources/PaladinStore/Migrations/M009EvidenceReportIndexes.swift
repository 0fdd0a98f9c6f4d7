/// Indexes for the NPS, economics and activity reports at 1M customers and 10M evidence rows: each report reads a
/// window of evidence from an index that holds every column it needs, never the table rows.
/// The purchases and costs indexes keep their names and leading columns (every earlier reader still uses them) and
/// gain the amount, so summing a customer's money reads the index alone.
struct M009EvidenceReportIndexes: Migration {
    let version = 9
    let name = "evidence report indexes"
    let statements = [
        "CREATE INDEX survey_responses_at ON survey_responses (workspace_id, at, customer_id, score)",
        "CREATE INDEX interactions_at ON interactions (workspace_id, at, channel, kind)",
        "CREATE INDEX follow_ups_due_on ON follow_ups (workspace_id, due_on, done_at, assignee, customer_id)",
        "DROP INDEX purchases_customer",
        "CREATE INDEX purchases_customer ON purchases (workspace_id, customer_id, at, amount_cents)",
        "DROP INDEX costs_customer",
        "CREATE INDEX costs_customer ON costs (workspace_id, customer_id, at, amount_cents)",
    ]
}
