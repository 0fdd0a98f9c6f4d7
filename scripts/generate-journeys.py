#!/usr/bin/env python3
"""Fills an initialised Paladin SQLite database (`paladin init`) with a large customer-journey history, for
scripts/bench-reports.sh: N customers, about M moves each in `customer-journey` (the model every journey report reads,
so this is the worst case: all moves in one model), the positions their replay leads to, and first purchases.

There is no CSV import of moves, so this is a bulk path for benchmarks only: it writes the rows with sqlite3 in
one transaction, with the indexes of the written tables dropped and recreated afterwards (their definitions are read
from the database itself, so the schema is exactly what the migrations made). The history follows the rules' kinds:
entry, forward, skip (with skipped stages), back (with a reason), a quarter of the forward moves forced. Each move
carries the stay it ends (stay_stage, stay_days: migration 11), as JourneyStore writes it.

Usage: generate-journeys.py DB CUSTOMERS MOVES_PER_CUSTOMER [SEED]
"""
import random
import sqlite3
import sys

STAGES = ["assess", "admit", "affirm", "activate", "acclimate", "accomplish", "adopt", "advocate"]
START = 1_704_067_200  # 2024-01-01T00:00:00Z
DAY = 86_400


def main():
    path, customers, per_customer = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    (workspace,) = db.execute("SELECT id FROM workspaces ORDER BY id LIMIT 1").fetchone()
    tables = ("customers", "moves", "positions", "purchases")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?, ?, ?)", tables
    ).fetchall()
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    base_customer = (db.execute("SELECT COALESCE(MAX(id), 0) FROM customers WHERE workspace_id = ?", (workspace,)).fetchone()[0])
    base_move = (db.execute("SELECT COALESCE(MAX(id), 0) FROM moves WHERE workspace_id = ?", (workspace,)).fetchone()[0])
    base_purchase = (db.execute("SELECT COALESCE(MAX(id), 0) FROM purchases WHERE workspace_id = ?", (workspace,)).fetchone()[0])
    move_id, purchase_id, moves_written = base_move, base_purchase, 0
    batch_customers, batch_moves, batch_positions, batch_purchases = [], [], [], []

    def flush():
        db.executemany("INSERT INTO customers (workspace_id, id, external_id, name, kind, email, phone, company, owner, attributes,"
                       " created_at, updated_at, version) VALUES (?,?,?,?,'person',NULL,NULL,NULL,?,'{}',?,?,1)", batch_customers)
        db.executemany("INSERT INTO moves (workspace_id, id, customer_id, model_key, from_stage, to_stage, kind, at, actor, decision,"
                       " reason, overridden_markers, skipped_stages, stay_stage, stay_days)"
                       " VALUES (?,?,?,'customer-journey',?,?,?,?,'bench',NULL,?,?,?,?,?)",
                       batch_moves)
        db.executemany("INSERT INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, computed_stage,"
                       " cycle_started_at, last_move_id) VALUES (?,?,'customer-journey',?,?,0,NULL,?,?)", batch_positions)
        db.executemany("INSERT INTO purchases (workspace_id, id, customer_id, at, amount_cents, currency, reference)"
                       " VALUES (?,?,?,?,?,'EUR',NULL)", batch_purchases)
        for batch in (batch_customers, batch_moves, batch_positions, batch_purchases):
            batch.clear()

    for index in range(customers):
        customer = base_customer + index + 1
        at = START + rng.randrange(0, 700 * DAY)
        batch_customers.append((workspace, customer, f"J{index:07d}", f"Customer {index}", f"agent{index % 20}@example.com", at, at))
        move_id += 1
        batch_moves.append((workspace, move_id, customer, None, STAGES[0], "entry", at, None, "", "", None, None))
        entered, stage, entry_at = at, 0, at
        for _ in range(rng.randrange(0, 2 * per_customer - 1)):
            previous_at = at
            at += rng.randrange(0, 40 * DAY)
            roll = rng.random()
            if stage < len(STAGES) - 1 and roll < 0.75:
                target = stage + 1 if rng.random() < 0.85 or stage + 2 >= len(STAGES) else stage + 2
            elif stage > 0:
                target = rng.randrange(0, stage)
            else:
                target = 1
            kind = "forward" if target == stage + 1 else ("skip" if target > stage else "back")
            forced = "expectations-stated" if kind == "forward" and rng.random() < 0.25 else ""
            skipped = ",".join(STAGES[stage + 1:target]) if kind == "skip" else ""
            move_id += 1
            batch_moves.append((workspace, move_id, customer, STAGES[stage], STAGES[target], kind, at,
                                "bench" if kind != "forward" or forced else None, forced, skipped,
                                STAGES[stage], (at - previous_at) // DAY))
            stage, entered = target, at
        batch_positions.append((workspace, customer, STAGES[stage], entered, entry_at, move_id))
        if index % 4:
            first = START + rng.randrange(0, 700 * DAY)
            for extra in range(rng.randrange(1, 4)):
                purchase_id += 1
                batch_purchases.append((workspace, purchase_id, customer, first + extra * rng.randrange(1, 90) * DAY, rng.randrange(500, 50_000)))
        if len(batch_moves) >= 200_000:
            moves_written += len(batch_moves)
            flush()
    moves_written += len(batch_moves)
    flush()
    for name, value in (("moves", move_id + 1), ("customers", base_customer + customers + 1), ("purchases", purchase_id + 1)):
        db.execute("INSERT INTO sequences (workspace_id, name, next_value) VALUES (?, ?, ?)"
                   " ON CONFLICT (workspace_id, name) DO UPDATE SET next_value = excluded.next_value", (workspace, name, value))
    db.commit()
    for _, sql in indexes:
        db.execute(sql)
    db.commit()
    db.close()
    print(f"{customers} customers, {moves_written} moves, {purchase_id - base_purchase} purchases")


main()
