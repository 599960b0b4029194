#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a campus scenario: the three networks of seed-testbed, B buildings of 2 x K access points
each (80 m apart, alternately net1 and net2, channels from the default 1/6/11 plan), M mobiles
walking from AP to AP inside their building, a fraction of them in a call to a wired UA on net3.

usage: bench/gen-campus.py MOBILES DURATION_S [--buildings B] [--aps-per-row K] [--calls F]
                           [--seed S] > scenario.yaml

Buildings are 1000 m apart along x (each a radio island of its own, doc/radio-and-addressing.md);
inside one, AP (r, c) is at (1000 b + 80 c, 80 r), r = 0, 1, net1 when r + c is even, else net2.
Mobile i lives in building i mod B; every ~50 s it walks at 1.4 m/s to a random AP position of its
building (its path is drawn from --seed, so the file is the same for the same arguments) and
pauses 10 s. Mobiles i with i mod round(1/F) == 0 call their own wired UA on net3 at 5 + 0.01 i s
until 10 s before the end (F = 0.1 by default). Users: net1 1xxxx, net2 2xxxx, net3 3xxxx.
"""

import argparse
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_scenario as sc  # noqa: E402  (shared with gen-mobiles.py)


def parse(argv):
    p = argparse.ArgumentParser(prog="gen-campus.py", usage=__doc__.splitlines()[3][7:])
    p.add_argument("mobiles", type=int)
    p.add_argument("duration", type=int)
    p.add_argument("--buildings", type=int, default=5)
    p.add_argument("--aps-per-row", type=int, default=5)
    p.add_argument("--calls", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if not 1 <= a.mobiles <= 9999 or a.duration < 30 or a.buildings < 1:
        p.error("MOBILES must be 1-9999, DURATION_S at least 30, --buildings at least 1")
    if not 1 <= a.aps_per_row or 2 * a.aps_per_row * a.buildings > 300 or not 0 < a.calls <= 1:
        p.error("2 x --aps-per-row x --buildings must be 2-300 and --calls in (0, 1]")
    return a


def main(argv):
    a = parse(argv[1:])
    rng = random.Random(a.seed)
    n, duration, k = a.mobiles, a.duration, a.aps_per_row
    every = max(1, round(1 / a.calls))
    aps = {1: [], 2: []}
    spots = []  # AP positions per building
    for b in range(a.buildings):
        spots.append([])
        for r in range(2):
            for c in range(k):
                x, y = 1000 * b + 80 * c, 80 * r
                aps[1 if (r + c) % 2 == 0 else 2].append(f"{{x: {x}, y: {y}}}")
                spots[b].append((x, y))
    callers = [i for i in range(n) if i % every == 0]
    out = sc.header(f"campus-{n}x{duration}s",
                    f"{n} mobiles in {a.buildings} buildings of {2 * k} APs, "
                    f"{len(callers)} in calls, {duration} s", duration)
    out += sc.networks(n, aps) + sc.wan_links() + sc.wired_uas(callers)
    for i in range(n):
        home = 1 + i % 2
        b = i % a.buildings
        x, y = rng.choice(spots[b])
        path = [(0, x, y)]
        t = rng.uniform(1, 20)
        while t < duration:
            path.append((t, x, y))
            nx, ny = rng.choice(spots[b])
            t += max(1.0, math.hypot(nx - x, ny - y) / 1.4)
            x, y = nx, ny
            path.append((t, x, y))
            t += 10
        call = duration - 15 - 0.01 * i if i % every == 0 else None
        out += sc.mobile_ua(i, home, path, call, time_format="{:.1f}")
    out += sc.settings()
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
