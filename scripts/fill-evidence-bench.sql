-- Usage: paladin init --db FILE --workspace bench && sqlite3 FILE < scripts/fill-evidence-bench.sql
-- (scripts/bench-reports.sh runs it after scripts/generate-journeys.py: customers 1..1,000,000 that already exist are
-- kept, and the evidence ids follow those already written.)
-- Fills workspace 'bench' with 1,000,000 customers (positions in the three derived models) and 10,000,000 evidence
-- rows: 6M purchases, 2M costs, 0.5M survey answers, 1M interactions, 0.5M follow-ups (random, 2022-2025).
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
CREATE TEMP TABLE n AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000000) SELECT i FROM s;
CREATE TEMP TABLE w AS SELECT id AS ws,
  (SELECT COALESCE(MAX(id), 0) FROM purchases WHERE workspace_id = workspaces.id) AS purchase_base
  FROM workspaces WHERE key = 'bench';
INSERT INTO customers (workspace_id, id, external_id, name, kind, owner, attributes, created_at, updated_at, version)
  SELECT ws, i, 'C' || i, 'Customer ' || i, 'person', 'agent' || (i % 20), '{}', 1700000000, 1700000000, 1 FROM n, w
  WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = ws AND c.id = i);
INSERT INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage, cycle_started_at, last_move_id)
  SELECT ws, i, 'value-category', CASE i % 4 WHEN 0 THEN 'loyal' WHEN 1 THEN 'average' WHEN 2 THEN 'demanding' ELSE 'lost' END, 1700000000, 0, NULL, 1700000000, 0 FROM n, w;
INSERT INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage, cycle_started_at, last_move_id)
  SELECT ws, i, 'engagement-ladder', CASE i % 7 WHEN 0 THEN 'suspect' WHEN 1 THEN 'prospect' WHEN 2 THEN 'occasional-buyer' WHEN 3 THEN 'client' WHEN 4 THEN 'member' WHEN 5 THEN 'advocate' ELSE 'unconditional' END, 1700000000, 0, NULL, 1700000000, 0 FROM n, w;
INSERT INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage, cycle_started_at, last_move_id)
  SELECT ws, i, 'relationship-type', CASE i % 6 WHEN 0 THEN 'prospect' WHEN 1 THEN 'tester' WHEN 2 THEN 'buyer' WHEN 3 THEN 'account' WHEN 4 THEN 'patron' ELSE 'champion' END, 1700000000, 0, NULL, 1700000000, 0 FROM n, w;
-- 1640995200 = 2022-01-01; 126230400 s = four years.
INSERT INTO purchases (workspace_id, id, customer_id, at, amount_cents, currency)
  SELECT ws, purchase_base + (k - 1) * 1000000 + i, 1 + abs(random()) % 1000000, 1640995200 + abs(random()) % 126230400, 500 + abs(random()) % 249500, 'EUR'
  FROM n, w, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6);
INSERT INTO costs (workspace_id, id, customer_id, at, amount_cents, category)
  SELECT ws, (k - 1) * 1000000 + i, 1 + abs(random()) % 1000000, 1640995200 + abs(random()) % 126230400, 100 + abs(random()) % 300000, 'support'
  FROM n, w, (SELECT 1 AS k UNION ALL SELECT 2);
INSERT INTO survey_responses (workspace_id, id, customer_id, at, score)
  SELECT ws, i, 1 + abs(random()) % 1000000, 1640995200 + abs(random()) % 126230400, abs(random()) % 11 FROM n, w WHERE i <= 500000;
INSERT INTO interactions (workspace_id, id, customer_id, at, channel, kind, summary, actor)
  SELECT ws, i, 1 + abs(random()) % 1000000, 1640995200 + abs(random()) % 126230400,
    CASE abs(random()) % 7 WHEN 0 THEN 'in_person' WHEN 1 THEN 'phone' WHEN 2 THEN 'email' WHEN 3 THEN 'letter' WHEN 4 THEN 'chat' WHEN 5 THEN 'video' ELSE 'other' END,
    CASE abs(random()) % 5 WHEN 0 THEN 'meeting' WHEN 1 THEN 'call' WHEN 2 THEN 'message' WHEN 3 THEN 'complaint' ELSE 'note' END, 's', 'bench' FROM n, w;
INSERT INTO follow_ups (workspace_id, id, customer_id, due_on, assignee, done_at)
  SELECT ws, i, 1 + abs(random()) % 1000000, date(1640995200 + (i % 1461) * 86400, 'unixepoch'),
    CASE WHEN i % 3 = 0 THEN NULL ELSE 'agent' || (i % 20) END,
    CASE WHEN i % 2 = 0 THEN NULL ELSE 1640995200 + (i % 1461) * 86400 + abs(random()) % 259200 END FROM n, w WHERE i <= 500000;
COMMIT;
ANALYZE;
