#!/usr/bin/env python3
"""Write N synthetic records for `hcp kpi` (default 50,000) into DIR, for the BENCHMARKS.md figure.

    python3 benches/kpi_records.py /tmp/kpi50k 50000
    HCP_CLOCK=2026-12-03 target/debug/hcp kpi /tmp/kpi50k --quarter 2026-Q3 -q > /dev/null

Children born between 2021-12-01 and 2026-11-30, each with the mandated contacts a child of that
age would have had (some late, some missing, tools and feeding sometimes left out), and one
pregnancy in ten with an antenatal contact. Deterministic (seeded). Nothing identifying.
"""
import datetime as dt
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
today = dt.date(2026, 12, 3)
rng = random.Random(17)
os.makedirs(out, exist_ok=True)
first = dt.date(2021, 12, 1)
span = (dt.date(2026, 11, 30) - first).days
for i in range(n):
    lines = [f"reference: SYN-{i:06d}", "child:"]
    done = []
    if i % 10 == 0:
        edd = today + dt.timedelta(days=rng.randint(-20, 200))
        lines.append(f"  expected_date_of_delivery: {edd}")
        contact = edd - dt.timedelta(days=280 - rng.randint(180, 250))
        if contact <= today:
            done.append(("universal.antenatal-contact", contact, None, None))
    else:
        born = first + dt.timedelta(days=rng.randint(0, span))
        lines.append(f"  date_of_birth: {born}")
        for iv, lo, hi, tools, feeding in [
            ("universal.new-birth-visit", 8, 25, None, None),
            ("universal.6-8-week-review", 40, 62, None, True),
            ("universal.1-year-review", 270, 470, None, None),
            ("universal.2-year-review", 730, 940, True, None),
        ]:
            when = born + dt.timedelta(days=rng.randint(lo, hi))
            if when <= today and rng.random() < 0.9:
                done.append((iv, when, tools, feeding))
    if done:
        lines.append("done:")
        for iv, when, tools, feeding in done:
            lines.append(f"  - intervention: {iv}")
            lines.append(f"    date: {when}")
            if tools and rng.random() < 0.9:
                lines.append("    tools: [ASQ-3]" if rng.random() < 0.9 else "    tools: [Red Book (PCHR)]")
            if feeding and rng.random() < 0.9:
                lines.append("    feeding: " + rng.choice(["totally-breastfed", "partially-breastfed", "not-breastfed"]))
    with open(os.path.join(out, f"r{i:06d}.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
