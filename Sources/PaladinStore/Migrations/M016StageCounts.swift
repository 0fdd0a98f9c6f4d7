/// How many customers stand at each stage of each model, kept by triggers on `positions`, so the board, the
/// semaphore and the models pages read eight numbers instead of counting 1,000,000 positions on every view (about
/// 45 ms per model). Every writer of positions — moves, imports, score runs, deletions, cascades — goes through the
/// triggers, so the counts cannot drift from the table; a test checks them against `COUNT(*)` after each kind of write.
/// The table is derived: backups leave it out and a restore rebuilds it through the triggers.
///
/// PostgreSQL: no table; it counts the positions (an index-only scan) — counters updated by every move would make
/// concurrent serialisable moves between the same stages conflict and retry.
struct M016StageCounts: Migration {
    let version = 16
    let name = "stage counts"
    let postgresStatements: [String]? = []
    let statements = [
        """
        CREATE TABLE stage_counts (workspace_id BIGINT NOT NULL, model_key TEXT NOT NULL, stage_key TEXT NOT NULL,
          customers BIGINT NOT NULL, PRIMARY KEY (workspace_id, model_key, stage_key))
        """,
        """
        CREATE TRIGGER stage_counts_insert AFTER INSERT ON positions BEGIN
          INSERT INTO stage_counts (workspace_id, model_key, stage_key, customers) VALUES (NEW.workspace_id, NEW.model_key, NEW.stage_key, 1)
            ON CONFLICT (workspace_id, model_key, stage_key) DO UPDATE SET customers = customers + 1;
        END
        """,
        """
        CREATE TRIGGER stage_counts_delete AFTER DELETE ON positions BEGIN
          UPDATE stage_counts SET customers = customers - 1
            WHERE workspace_id = OLD.workspace_id AND model_key = OLD.model_key AND stage_key = OLD.stage_key;
        END
        """,
        """
        CREATE TRIGGER stage_counts_update AFTER UPDATE OF workspace_id, model_key, stage_key ON positions
        WHEN OLD.workspace_id IS NOT NEW.workspace_id OR OLD.model_key IS NOT NEW.model_key OR OLD.stage_key IS NOT NEW.stage_key BEGIN
          UPDATE stage_counts SET customers = customers - 1
            WHERE workspace_id = OLD.workspace_id AND model_key = OLD.model_key AND stage_key = OLD.stage_key;
          INSERT INTO stage_counts (workspace_id, model_key, stage_key, customers) VALUES (NEW.workspace_id, NEW.model_key, NEW.stage_key, 1)
            ON CONFLICT (workspace_id, model_key, stage_key) DO UPDATE SET customers = customers + 1;
        END
        """,
        """
        INSERT INTO stage_counts (workspace_id, model_key, stage_key, customers)
          SELECT workspace_id, model_key, stage_key, COUNT(*) FROM positions GROUP BY workspace_id, model_key, stage_key
        """,
    ]
}
