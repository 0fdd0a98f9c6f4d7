/// The stay each move ends, stored on the move when it is written, so that the time-in-stage report reads one index
/// instead of pairing every move with the customer's previous one (`LEAD … OVER` over 10M moves, then a sort of
/// every stay: 20 s). A move ends the customer's stay at `stay_stage` (the `to_stage` of their previous move in the
/// same model, by id) that lasted `stay_days` whole days (from that move's `at` to this one's, rounded down, never
/// below 0); both are null for a first move or after a move to no stage. `JourneyStore` fills them for every move it
/// writes; existing moves are filled here from the same definition.
///
/// Indexes:
/// - `moves_model_stay`: a model's stays by stage and days, with `at` (the end of the stay) for the window, so the
///   report's histogram is one pass in index order, without a sort;
/// - `moves_model_customer` again, with `at` after the customer instead of `id` (which only `LEAD … OVER (… ORDER BY
///   id)` needed): the funnel still reads it grouped per customer, and first-100-days now seeks a customer's moves up
///   to day 100 instead of reading all of them;
/// - `customers_owner_id`: a customer's owner by id without reading the row, for the stalls and activity reports that
///   name each stalled customer's or follow-up's owner;
/// - `positions_customer_stage`: a customer's stage in a model without reading the row, for the NPS report (one
///   lookup per answer) and the economics report (three per customer);
/// - `interactions_channel`: interactions already grouped by channel and kind, for the activity report's counts
///   (read with `+at`, so a window is filtered inside the index instead of sorting the window's rows).
struct M011ReportStays: Migration {
    let version = 11
    let name = "report stays"
    let statements = [
        "ALTER TABLE moves ADD COLUMN stay_stage TEXT",
        "ALTER TABLE moves ADD COLUMN stay_days BIGINT",
        """
        UPDATE moves SET stay_stage = stays.stage, stay_days = stays.days FROM (
          SELECT workspace_id AS w, id AS i, LAG(to_stage) OVER previous AS stage,
            CASE WHEN at > LAG(at) OVER previous THEN (at - LAG(at) OVER previous) / 86400 ELSE 0 END AS days
          FROM moves WINDOW previous AS (PARTITION BY workspace_id, customer_id, model_key ORDER BY id)
        ) AS stays
        WHERE moves.workspace_id = stays.w AND moves.id = stays.i AND stays.stage IS NOT NULL
        """,
        "CREATE INDEX moves_model_stay ON moves (workspace_id, model_key, stay_stage, stay_days, at)",
        "DROP INDEX moves_model_customer",
        "CREATE INDEX moves_model_customer ON moves (workspace_id, model_key, customer_id, at, from_stage, to_stage)",
        "CREATE INDEX customers_owner_id ON customers (workspace_id, id, owner)",
        "CREATE INDEX positions_customer_stage ON positions (workspace_id, customer_id, model_key, stage_key)",
        "CREATE INDEX interactions_channel ON interactions (workspace_id, channel, kind, at)",
    ]
}
