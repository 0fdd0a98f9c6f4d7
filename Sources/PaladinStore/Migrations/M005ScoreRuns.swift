/// Score runs asked for over the API and run in the background: queued, running, succeeded or failed, with their
/// progress and outcome. `score_runs` (M002) keeps recording finished runs; a job's id is the id its run gets there.
/// At most one job per workspace is queued or running: the partial unique index makes that structural.
struct M005ScoreRuns: Migration {
    let version = 5
    let name = "score-run-jobs"
    let statements = [
        """
        CREATE TABLE score_run_jobs (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, status TEXT NOT NULL, as_of BIGINT, requested_by TEXT NOT NULL, created_at BIGINT NOT NULL,
          started_at BIGINT, finished_at BIGINT, phase TEXT NOT NULL, processed BIGINT NOT NULL, total BIGINT,
          outcome TEXT, failure TEXT, PRIMARY KEY (workspace_id, id))
        """,
        "CREATE UNIQUE INDEX score_run_jobs_active ON score_run_jobs (workspace_id) WHERE status IN ('queued', 'running')",
    ]
}
