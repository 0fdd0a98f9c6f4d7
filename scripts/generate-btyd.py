#!/usr/bin/env python3
"""Writes repeat-buying benchmark data (deterministic, pure Python: no numpy needed).

  generate-btyd.py log OUT_DIR N [SEED]
      OUT_DIR/transactions.csv (customer_id,date,amount): N customers simulated from BG/NBD
      (r=0.243, alpha=4.414, a=0.793, b=2.426; time in weeks) with amounts from Gamma-Gamma
      (p=6.25, q=3.74, gamma=15.44). Each customer's age T at the observation end (2025-06-30) is
      uniform in 0-78 weeks; the first purchase is at age 0, repeat purchases follow a Poisson process
      with the customer's rate lambda ~ Gamma(r, alpha), and after each repeat purchase the customer
      drops out with probability p ~ Beta(a, b). Times are floored to the day (as a real log would
      be), so `paladin analytics summarize --observation-end 2025-06-30` gives the BG/NBD summary.

  generate-btyd.py purchases OUT_DIR CUSTOMERS PURCHASES [SEED]
      OUT_DIR/customers.csv and OUT_DIR/purchases.csv in Paladin's import formats: CUSTOMERS customers
      and exactly PURCHASES purchases (>= CUSTOMERS) in 2023-01-01 .. 2025-12-31. Every customer buys
      first on a uniform day, stays active for an exponential lifetime (dropout rate ~ Gamma), and buys
      again at a customer-specific rate while active; rates are scaled so that the purchases add up.
      Given their number, a customer's repeat purchase days are uniform over the active span (which is
      what a Poisson process gives), so the file has Pareto/NBD-like repeat buying and dropout.
"""
import datetime
import math
import random
import sys

BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}
LOG_END = datetime.date(2025, 6, 30)
MAX_AGE_WEEKS = 78.0


def day_names(start: datetime.date, days: int) -> list:
    """ISO dates of start, start + 1, ..., start + days - 1 (formatted once, looked up per row)."""
    return [(start + datetime.timedelta(days=k)).isoformat() for k in range(days)]


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def write_log(out_dir: str, customers: int, seed: int) -> None:
    rng = random.Random(seed)
    gamma, beta, uniform, expo, rand = rng.gammavariate, rng.betavariate, rng.uniform, rng.expovariate, rng.random
    r, alpha, a, b = BGNBD["r"], BGNBD["alpha"], BGNBD["a"], BGNBD["b"]
    p_spend, q_spend, g_spend = GAMMA_GAMMA["p"], GAMMA_GAMMA["q"], GAMMA_GAMMA["gamma"]
    span = int(MAX_AGE_WEEKS * 7) + 1
    first_day = LOG_END - datetime.timedelta(days=span - 1)
    names = day_names(first_day, span)
    end_index = span - 1
    rows = 0
    with open(f"{out_dir}/transactions.csv", "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("customer_id,date,amount\n")
        lines = []
        for i in range(customers):
            cid = f"B{i:07d}"
            lam = gamma(r, 1 / alpha)          # purchases per week
            p = beta(a, b)                     # dropout probability after each repeat purchase
            age = uniform(0, MAX_AGE_WEEKS)    # T in weeks at the observation end
            nu = gamma(q_spend, 1 / g_spend)   # the customer's spend rate: mean spend p / nu
            first = end_index - int(age * 7)
            lines.append(f"{cid},{names[first]},{money(max(1, round(gamma(p_spend, 1 / nu) * 100)))}\n")
            t = 0.0
            if lam > 0:
                while True:
                    t += expo(lam)
                    if t >= age:
                        break
                    lines.append(f"{cid},{names[first + int(t * 7)]},{money(max(1, round(gamma(p_spend, 1 / nu) * 100)))}\n")
                    if rand() < p:
                        break
            if len(lines) >= 100_000:
                rows += len(lines)
                f.writelines(lines)
                lines = []
        rows += len(lines)
        f.writelines(lines)
    print(f"transactions.csv: {customers} customers, {rows} purchases, observation end {LOG_END.isoformat()}")


def write_purchases(out_dir: str, customers: int, purchases: int, seed: int) -> None:
    if purchases < customers:
        sys.exit(f"generate-btyd.py: PURCHASES ({purchases}) must be at least CUSTOMERS ({customers}): everyone buys once")
    rng = random.Random(seed)
    gamma, expo, rand = rng.gammavariate, rng.expovariate, rng.random
    start = datetime.date(2023, 1, 1)
    days = (datetime.date(2025, 12, 31) - start).days + 1
    names = day_names(start, days)
    with open(f"{out_dir}/customers.csv", "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("external_id,name,email,owner,tags\n")
        f.writelines(
            f"C{i:07d},Customer {i},c{i}@example.com,agent{i % 20}@example.com,{'b2b' if i % 3 else 'retail'}\n"
            for i in range(customers))
    # Pass 1: first day, active span, relative purchase rate, mean spend.
    first = [0] * customers
    active = [0.0] * customers
    weight = [0.0] * customers
    spend = [0.0] * customers
    for i in range(customers):
        f0 = int(rand() * days)
        mu = gamma(0.8, 1 / 400)                     # dropout rate per day: mean 0.002, mean lifetime ~500 days
        lifetime = expo(mu) if mu > 0 else float("inf")
        span = min(lifetime, days - f0)
        first[i], active[i] = f0, span
        weight[i] = gamma(0.9, 1.0) * span           # relative rate x active days
        spend[i] = gamma(3.0, 20.0)                  # mean spend around 60
    total = sum(weight)
    scale = (purchases - customers) / total if total > 0 else 0.0
    counts = [1 + int(scale * w + rand()) for w in weight]
    # Make the total exact: add or remove repeat purchases customer by customer.
    difference = purchases - sum(counts)
    i = 0
    while difference != 0:
        k = i % customers
        if difference > 0:
            counts[k] += 1
            difference -= 1
        elif counts[k] > 1:
            counts[k] -= 1
            difference += 1
        i += 1
    # Pass 2: the purchases, customer by customer.
    n = 0
    with open(f"{out_dir}/purchases.csv", "w", encoding="utf-8", buffering=1 << 20) as f:
        f.write("customer,date,amount,currency,reference\n")
        lines = []
        for i in range(customers):
            cid = f"C{i:07d}"
            f0, span, mean = first[i], active[i], spend[i]
            for j in range(counts[i]):
                day = f0 if j == 0 else f0 + int(rand() * span)
                cents = max(1, round(gamma(4.0, mean / 4.0) * 100))
                lines.append(f"{cid},{names[day]},{money(cents)},EUR,INV-{n}\n")
                n += 1
            if len(lines) >= 100_000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)
    print(f"customers.csv: {customers} customers; purchases.csv: {n} purchases, {names[0]} .. {names[-1]}")


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[1] not in ("log", "purchases"):
        sys.exit(__doc__)
    mode, out_dir = sys.argv[1], sys.argv[2]
    if mode == "log":
        write_log(out_dir, int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 7)
    else:
        write_purchases(out_dir, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 7)


if __name__ == "__main__":
    main()
