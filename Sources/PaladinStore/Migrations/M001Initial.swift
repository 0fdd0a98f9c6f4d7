/// The first schema: workspaces, models, customers, positions and moves, markers and evidence.
/// Every table is keyed by workspace first. Plain SQL that SQLite and PostgreSQL both accept.
struct M001Initial: Migration {
    let version = 1
    let name = "initial"
    let statements = [
        "CREATE TABLE paladin_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO paladin_meta (key, value) VALUES ('application', 'paladin')",
        """
        CREATE TABLE workspaces (id BIGINT PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
          language TEXT NOT NULL, currency TEXT NOT NULL, created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE sequences (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          name TEXT NOT NULL, next_value BIGINT NOT NULL, PRIMARY KEY (workspace_id, name))
        """,
        """
        CREATE TABLE journey_models (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          key TEXT NOT NULL, ordinal INTEGER NOT NULL, kind TEXT NOT NULL, definition TEXT NOT NULL,
          built_in INTEGER NOT NULL, version BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (workspace_id, key))
        """,
        """
        CREATE TABLE customers (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, external_id TEXT, name TEXT NOT NULL, kind TEXT NOT NULL, email TEXT, phone TEXT,
          company TEXT, owner TEXT, attributes TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
          version BIGINT NOT NULL, PRIMARY KEY (workspace_id, id))
        """,
        "CREATE UNIQUE INDEX customers_external_id ON customers (workspace_id, external_id)",
        "CREATE INDEX customers_owner ON customers (workspace_id, owner)",
        "CREATE INDEX customers_name ON customers (workspace_id, name)",
        """
        CREATE TABLE customer_tags (workspace_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, tag TEXT NOT NULL,
          PRIMARY KEY (workspace_id, customer_id, tag),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX customer_tags_tag ON customer_tags (workspace_id, tag, customer_id)",
        """
        CREATE TABLE moves (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          model_key TEXT NOT NULL, from_stage TEXT, to_stage TEXT, kind TEXT NOT NULL, at BIGINT NOT NULL,
          actor TEXT NOT NULL, decision TEXT, reason TEXT, overridden_markers TEXT NOT NULL, skipped_stages TEXT NOT NULL,
          PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX moves_customer ON moves (workspace_id, customer_id, model_key, id)",
        "CREATE INDEX moves_model_at ON moves (workspace_id, model_key, at)",
        """
        CREATE TABLE positions (workspace_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, model_key TEXT NOT NULL,
          stage_key TEXT NOT NULL, since BIGINT NOT NULL, is_override INTEGER NOT NULL, computed_stage TEXT,
          cycle_started_at BIGINT NOT NULL, last_move_id BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, customer_id, model_key),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX positions_stage ON positions (workspace_id, model_key, stage_key, since)",
        """
        CREATE TABLE interactions (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          at BIGINT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL, decision TEXT,
          actor TEXT NOT NULL, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX interactions_customer ON interactions (workspace_id, customer_id, at)",
        """
        CREATE TABLE markers_met (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          model_key TEXT NOT NULL, marker_key TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL, note TEXT,
          interaction_id BIGINT, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX markers_met_customer ON markers_met (workspace_id, customer_id, model_key, at)",
        """
        CREATE TABLE follow_ups (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          interaction_id BIGINT, due_on TEXT NOT NULL, assignee TEXT, note TEXT, done_at BIGINT,
          PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX follow_ups_due ON follow_ups (workspace_id, done_at, due_on)",
        "CREATE INDEX follow_ups_customer ON follow_ups (workspace_id, customer_id)",
        """
        CREATE TABLE purchases (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          at BIGINT NOT NULL, amount_cents BIGINT NOT NULL, currency TEXT NOT NULL, reference TEXT,
          PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX purchases_customer ON purchases (workspace_id, customer_id, at)",
        """
        CREATE TABLE costs (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          at BIGINT NOT NULL, amount_cents BIGINT NOT NULL, category TEXT NOT NULL, note TEXT,
          PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX costs_customer ON costs (workspace_id, customer_id, at)",
        """
        CREATE TABLE survey_responses (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, customer_id BIGINT NOT NULL,
          at BIGINT NOT NULL, score INTEGER NOT NULL, comment TEXT, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX survey_responses_customer ON survey_responses (workspace_id, customer_id, at)",
    ]
}
