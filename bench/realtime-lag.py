#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Largest real-time load that keeps the lag under a bound (issue 15 item 3, doc/realtime.md "Lag").

usage: bench/realtime-lag.py [--sipmob build/sipmob] [--mobiles 5,10,20,...] [--duration 30]
                             [--priority auto|off|N] [--bound-ms 5] [--refine STEP] [--no-sim]
                             [--set KEY=VALUE ...]

For each number of mobiles (bench/gen-mobiles.py N DURATION: N mobiles in calls over pairs of
cells, hand-offs spread over time) it runs the scenario in simulated time (CPU, events) and then in
real time (`sipmob run --realtime --realtime-priority P`, hard limit 1 s: an overloaded run stops
there, exit 5) and reads `real time: max lag X ms`. It stops at the first load whose max lag is
over the bound, then (--refine STEP) bisects between the last load under it and that one down to
STEP mobiles. Prints one Markdown table row per run (CPU from getrusage of the child: user+sys s)
and the largest load under the bound; the load average of the machine before and after each real-
time run is in the table, since the lag depends on it. Real-time runs are one at a time.
--set passes a `sipmob run --set` override to both runs (e.g. ua.RandomPollPhase=true).
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_of(cmd):
    """Runs cmd; returns (CompletedProcess, child CPU seconds user+sys)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p, cpu


def load1():
    return os.getloadavg()[0]


def scenario(n, duration, tmp):
    path = os.path.join(tmp, f"m{n}.yaml")
    with open(path, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "gen-mobiles.py"), str(n),
                        str(duration)], stdout=f, check=True)
    return path


def sets(a):
    return [x for kv in a.set for x in ("--set", kv)]


def measure(a, n, tmp):
    path = scenario(n, a.duration, tmp)
    row = {"n": n}
    if not a.no_sim:
        p, cpu = cpu_of([a.sipmob, "run", path, *sets(a)])
        if p.returncode != 0:
            sys.exit(f"simulated run of {n} mobiles failed ({p.returncode}): {p.stderr.strip()}")
        row["sim_cpu"] = cpu
        m = re.search(r"simulated in [0-9.]+ s wall, ([0-9]+) events", p.stdout)
        row["events"] = int(m.group(1)) if m else 0
    row["load_before"] = load1()
    p, cpu = cpu_of([a.sipmob, "run", path, *sets(a), "--realtime", "--realtime-priority",
                     a.priority, "--hard-limit", "1"])
    row["load_after"] = load1()
    m = re.search(r"real time: max lag ([0-9.e+-]+) ms \(([^)]*)\)", p.stdout)
    if p.returncode not in (0, 5) or not m:
        sys.exit(f"real-time run of {n} mobiles failed ({p.returncode}): {p.stderr.strip()}")
    row["lag"] = float(m.group(1))
    row["sched"] = m.group(2)
    row["rt_cpu"] = cpu
    row["overloaded"] = p.returncode == 5
    s = re.search(r"\| ([0-9.]+) s simulated in ([0-9.]+) s wall", p.stdout)
    row["rt_sim_s"] = float(s.group(1)) if s else 0
    return row


def print_row(r):
    sim = f"{r['sim_cpu']:.2f}" if "sim_cpu" in r else "-"
    ratio = f"{r['rt_cpu'] / r['sim_cpu'] * r['rt_sim_s'] / r['sim_s']:.2f}" \
        if "sim_cpu" in r and r["sim_cpu"] > 0 and r["rt_sim_s"] > 0 else "-"
    events = f"{r.get('events', 0):,}" if "events" in r else "-"
    over = f" (overloaded: stopped at {r['rt_sim_s']} s)" if r["overloaded"] else ""
    print(f"| {r['n']} | {events} | {sim} | {r['rt_cpu']:.2f} | {ratio} | {r['lag']:.2f}{over} | "
          f"{r['load_before']:.1f} / {r['load_after']:.1f} |", flush=True)


def under_bound(a, n, tmp):
    """Run the n-mobile load once, print its row; True when its max lag stayed under the bound."""
    r = measure(a, n, tmp)
    r["sim_s"] = a.duration + 2
    print_row(r)
    return r["lag"] < a.bound_ms and not r["overloaded"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sipmob", default=os.path.join(HERE, "..", "build", "sipmob"))
    p.add_argument("--mobiles", default="5,10,20,30,40,50,60,80,100")
    p.add_argument("--duration", type=int, default=30)
    p.add_argument("--priority", default="auto")
    p.add_argument("--bound-ms", type=float, default=5.0)
    p.add_argument("--refine", type=int, default=0)
    p.add_argument("--no-sim", action="store_true")
    p.add_argument("--set", action="append", default=[])
    a = p.parse_args()
    loads = [int(x) for x in a.mobiles.split(",")]
    print(f"real-time lag, {a.duration} s scenarios, --realtime-priority {a.priority}, bound "
          f"{a.bound_ms} ms, {os.cpu_count()} CPUs" + "".join(f", --set {kv}" for kv in a.set))
    print("| mobiles | events | CPU simulated (s) | CPU real time (s) | ratio | max lag (ms) | "
          "load avg before / after |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        good, bad = None, None
        for n in loads:
            if under_bound(a, n, tmp):
                good = n
            else:
                bad = n
                break
        while a.refine > 0 and good is not None and bad is not None and bad - good > a.refine:
            n = (good + bad) // 2
            if under_bound(a, n, tmp):
                good = n
            else:
                bad = n
    print(f"\nlargest load under {a.bound_ms} ms: "
          + (f"{good} mobiles" if good is not None else "none of those tried")
          + (f" (first over: {bad})" if bad is not None else " (all tried were under)"))


if __name__ == "__main__":
    main()
