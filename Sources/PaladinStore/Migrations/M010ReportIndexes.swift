/// Indexes for the journey reports at 10M moves (see `ReportStore`):
/// - a model's moves customer by customer, in move order, covering what the funnel, time-in-stage and
///   first-100-days read — so the GROUP BY customer and LEAD … OVER (PARTITION BY customer ORDER BY id) walk an
///   index instead of sorting, and first-100-days finds one customer's moves in a model by a seek;
/// - a model's moves by from, to and kind, covering the flow's GROUP BY (and its window on `at`);
/// - current positions per stage by `since` then customer, so the stalls' "furthest over first" list is read in
///   order and cut at its limit.
struct M010ReportIndexes: Migration {
    let version = 10
    let name = "report indexes"
    let statements = [
        "CREATE INDEX moves_model_customer ON moves (workspace_id, model_key, customer_id, id, at, from_stage, to_stage)",
        "CREATE INDEX moves_model_flow ON moves (workspace_id, model_key, from_stage, to_stage, kind, at, overridden_markers)",
        "DROP INDEX positions_stage",
        "CREATE INDEX positions_stage ON positions (workspace_id, model_key, stage_key, since, customer_id)",
    ]
}
