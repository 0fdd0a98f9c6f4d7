-- Usage: after scripts/generate-journeys.py and generate-today.py have filled FILE (customers J…, owners agent0..19@example.com):
--   sqlite3 FILE < scripts/fill-pages-bench.sql
-- Adds what the web pages read beyond the journey and scripts/generate-today.py's follow-ups, answers and markers:
-- every customer placed in pro-customer (the semaphore) and in value-category, and 1,000,000 interactions of the
-- last year (the customer pages' timelines). Times are relative to now.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
CREATE TEMP TABLE c AS SELECT workspace_id AS ws, id FROM customers WHERE external_id LIKE 'J%';
CREATE TEMP TABLE base AS SELECT
  (SELECT COALESCE(MAX(id), 0) FROM interactions) AS i0, CAST(strftime('%s', 'now') AS INTEGER) AS now;
INSERT OR IGNORE INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage, cycle_started_at, last_move_id)
  SELECT ws, id, 'pro-customer',
    CASE id % 8 WHEN 0 THEN 'problem-awareness' WHEN 1 THEN 'decision-to-change' WHEN 2 THEN 'result-exploration' WHEN 3 THEN 'result-definition'
      WHEN 4 THEN 'offer-evaluation' WHEN 5 THEN 'purchase-commitment' WHEN 6 THEN 'first-results' ELSE 'result-confirmation' END,
    now - (id % 400) * 86400, 0, NULL, now - (id % 400) * 86400, 0 FROM c, base;
INSERT OR IGNORE INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage, cycle_started_at, last_move_id)
  SELECT ws, id, 'value-category', CASE id % 4 WHEN 0 THEN 'loyal' WHEN 1 THEN 'average' WHEN 2 THEN 'demanding' ELSE 'lost' END,
    now - 86400, 0, NULL, now - 86400, 0 FROM c, base;
INSERT INTO interactions (workspace_id, id, customer_id, at, channel, kind, summary, actor)
  SELECT ws, i0 + id, id, now - abs(random()) % 31536000,
    CASE id % 4 WHEN 0 THEN 'phone' WHEN 1 THEN 'email' WHEN 2 THEN 'in_person' ELSE 'chat' END,
    CASE id % 3 WHEN 0 THEN 'meeting' WHEN 1 THEN 'call' ELSE 'note' END, 'bench', 'bench' FROM c, base;
COMMIT;
ANALYZE;
