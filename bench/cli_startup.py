"""How long `briefbot --help` and `briefbot --version` take to answer (the CLI imports lazily).

Run from the repository root: ``python3 bench/cli_startup.py [--runs 15]``. Prints the median and the worst
of each; the target is a median ≤ 0.6 s for --help on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def timed(args: list[str], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    runs = parser.parse_args().runs
    for args in (["--help"], ["--version"], ["brief", "--help"]):
        seconds = timed(args, runs)
        label = "briefbot " + " ".join(args)
        print(f"{label:<24} median {statistics.median(seconds):.3f} s  max {max(seconds):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()
