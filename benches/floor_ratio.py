#!/usr/bin/env python3
"""Whole-process times as a ratio to the process floor, robust to a noisy machine.

Runs hyperfine in ROUNDS rounds of RUNS runs each, alternating the order of the commands after
the first (the floor) from round to round, pools every run of each command, and prints the 10th,
25th and 50th percentiles and the mean, each with its ratio to the floor's. On a VM whose speed
drifts within a minute, pooled percentiles from interleaved rounds are steadier than one
back-to-back hyperfine run.

    python3 benches/floor_ratio.py 10 100 floor=/tmp/floor/target/release/floor \\
        'validate=target/release/hcp validate' ...

Needs hyperfine (Debian package `hyperfine`) and Python 3; nothing else.
"""
import json
import statistics
import subprocess
import sys
import tempfile


def main() -> None:
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rounds, runs = int(sys.argv[1]), sys.argv[2]
    commands = [arg.split("=", 1) for arg in sys.argv[3:]]
    times: dict[str, list[float]] = {}
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        for r in range(rounds):
            order = commands if r % 2 == 0 else [commands[0]] + commands[:0:-1]
            args = ["hyperfine", "-N", "--warmup", "10", "--runs", runs,
                    "--export-json", export.name]
            for name, command in order:
                args += ["-n", name, command]
            subprocess.run(args, capture_output=True, check=True)
            with open(export.name) as f:
                for result in json.load(f)["results"]:
                    times.setdefault(result["command"], []).extend(result["times"])
    floor = None
    for name, _ in commands:
        t = sorted(times[name])
        q = lambda p: t[int(p * (len(t) - 1))] * 1000  # noqa: E731
        row = (q(0.10), q(0.25), q(0.50), statistics.mean(t) * 1000)
        floor = floor or row
        cells = "  ".join(
            f"{label} {v:.3f} ms ({v / f:.2f}x)"
            for label, v, f in zip(("p10", "p25", "median", "mean"), row, floor)
        )
        print(f"{name:14s} {cells}  n={len(t)}")


if __name__ == "__main__":
    main()
