#!/usr/bin/env python3
"""Writes a customers CSV and a purchases CSV of realistic shape for benchmarks (deterministic)."""
import random
import sys

def main() -> None:
    out_dir, customers, purchases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(7)
    with open(f"{out_dir}/customers.csv", "w", encoding="utf-8") as f:
        f.write("external_id,name,email,owner,tags\n")
        for i in range(customers):
            f.write(f"C{i:07d},Customer {i},c{i}@example.com,agent{i % 20}@example.com,{'b2b' if i % 3 else 'retail'}\n")
    with open(f"{out_dir}/purchases.csv", "w", encoding="utf-8") as f:
        f.write("customer,date,amount,currency,reference\n")
        for i in range(purchases):
            c = rng.randrange(customers)
            day = 1 + rng.randrange(28)
            month = 1 + rng.randrange(12)
            year = 2022 + rng.randrange(4)
            cents = rng.randrange(500, 250000)
            f.write(f"C{c:07d},{year}-{month:02d}-{day:02d},{cents // 100}.{cents % 100:02d},EUR,INV-{i}\n")

if __name__ == "__main__":
    main()
