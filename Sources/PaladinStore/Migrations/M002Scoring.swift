/// Scoring: the metrics of each customer, the explanation of each derived position, the texts'
/// recommendations, and the record of every score run with its model fits.
struct M002Scoring: Migration {
    let version = 2
    let name = "scoring"
    let statements = [
        """
        CREATE TABLE score_runs (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT, as_of BIGINT NOT NULL,
          status TEXT NOT NULL, actor TEXT NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (workspace_id, id))
        """,
        """
        CREATE TABLE customer_metrics (workspace_id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          run_id BIGINT NOT NULL, as_of BIGINT NOT NULL, metric_values TEXT NOT NULL,
          PRIMARY KEY (workspace_id, customer_id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE derivations (workspace_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, model_key TEXT NOT NULL,
          stage_key TEXT NOT NULL, rule TEXT NOT NULL, explanation TEXT NOT NULL, run_id BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, customer_id, model_key),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE recommendations (workspace_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, kind TEXT NOT NULL,
          reason TEXT NOT NULL, run_id BIGINT NOT NULL, PRIMARY KEY (workspace_id, customer_id, kind),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX recommendations_kind ON recommendations (workspace_id, kind)",
    ]
}
