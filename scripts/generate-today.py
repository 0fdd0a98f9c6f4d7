#!/usr/bin/env python3
"""Adds to a database filled by generate-journeys.py what the web application's Today page reads, for
scripts/bench-pages.sh: follow-ups (one for every 10 customers, due from 90 days ago to 30 days ahead, two in three of the
past ones done), survey answers (one for every 5 customers over the last two years, scores 0–10) and the required
marker of the customer's current stage for one customer in 20 (so some are ready to move).

Bulk path for benchmarks only, like generate-journeys.py: rows written with sqlite3 in one transaction.

Usage: generate-today.py DB [SEED]
"""
import random
import sqlite3
import sys
import time

DAY = 86_400
# customer-journey's required markers per stage (Sources/PaladinStore/Resources/BuiltInModels/customer-journey.yaml).
REQUIRED = {"assess": ["expectations-stated"], "admit": ["need-admitted", "purchase-completed"], "affirm": ["choice-affirmed"],
            "activate": ["first-use"], "acclimate": ["ways-of-working-known"], "accomplish": ["goal-achieved"],
            "adopt": ["relationship-strengthened"]}


def main():
    path = sys.argv[1]
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    (workspace,) = db.execute("SELECT id FROM workspaces ORDER BY id LIMIT 1").fetchone()
    now = int(time.time())
    today = now // DAY
    follow_ups, surveys, markers = [], [], []
    rows = db.execute("SELECT c.id, c.owner, p.stage_key, p.since FROM customers c JOIN positions p"
                      " ON p.workspace_id = c.workspace_id AND p.customer_id = c.id AND p.model_key = 'customer-journey'"
                      " WHERE c.workspace_id = ?", (workspace,))
    def next_id(table):
        row = db.execute("SELECT COALESCE(MAX(id), 0) FROM " + table + " WHERE workspace_id = ?", (workspace,)).fetchone()
        return row[0] + 1
    follow_up_id, survey_id, marker_id = next_id("follow_ups"), next_id("survey_responses"), next_id("markers_met")
    for customer, owner, stage, since in rows:
        if rng.random() < 0.1:
            due = today + rng.randrange(-90, 31)
            done = (due * DAY + rng.randrange(0, 3 * DAY)) if due < today and rng.random() < 0.67 else None
            follow_ups.append((workspace, follow_up_id, customer, time.strftime("%Y-%m-%d", time.gmtime(due * DAY)), owner,
                               f"Call customer {customer} back", done))
            follow_up_id += 1
        if rng.random() < 0.2:
            surveys.append((workspace, survey_id, customer, now - rng.randrange(0, 730 * DAY), rng.randrange(0, 11), "Bench answer"))
            survey_id += 1
        if stage in REQUIRED and rng.random() < 0.05:
            for marker in REQUIRED[stage]:
                markers.append((workspace, marker_id, customer, "customer-journey", marker, since + DAY, "bench"))
                marker_id += 1
    db.executemany("INSERT INTO follow_ups (workspace_id, id, customer_id, interaction_id, due_on, assignee, note, done_at)"
                   " VALUES (?,?,?,NULL,?,?,?,?)", follow_ups)
    db.executemany("INSERT INTO survey_responses (workspace_id, id, customer_id, at, score, comment) VALUES (?,?,?,?,?,?)", surveys)
    db.executemany("INSERT INTO markers_met (workspace_id, id, customer_id, model_key, marker_key, at, actor, note, interaction_id)"
                   " VALUES (?,?,?,?,?,?,?,NULL,NULL)", markers)
    for name, value in (("follow_ups", follow_up_id), ("survey_responses", survey_id), ("markers_met", marker_id)):
        db.execute("INSERT INTO sequences (workspace_id, name, next_value) VALUES (?, ?, ?)"
                   " ON CONFLICT (workspace_id, name) DO UPDATE SET next_value = excluded.next_value", (workspace, name, value))
    db.commit()
    db.close()
    print(f"{len(follow_ups)} follow-ups, {len(surveys)} survey answers, {len(markers)} markers met")


main()
