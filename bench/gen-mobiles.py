#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a load scenario: the three networks of seed-testbed, N mobiles walking between pairs of
802.11b cells, each in a call to a static UA of its own on net3's LAN.

usage: bench/gen-mobiles.py N DURATION_S [--mobiles-per-pair M] [--pair-spacing S] [--one-channel]

Cells: one pair of access points (net1 at x = S p, net2 at x = S p + 100) per M mobiles (default
10), pairs S m apart along x (default 1000 m: farther than a frame reaches, so each pair is a
radio island of its own, doc/radio-and-addressing.md; 200 makes one continuous line). Channels:
none given, so the default plan (1, 6, 11 over neighbouring APs, doc/radio-and-addressing.md)
spreads them; --one-channel puts every AP on channel 1 (what the generator did before: one
shared channel saturates at ~30 calls).
Mobile i belongs to pair i // M (home net1 for even i, net2 for odd i), walks at 2.25 m/s like
the seed's mobile between 5 m and 95 m into its pair, at y = i mod 10 m, its walk shifted by 7 s
per mobile (mod 14) so the hand-offs spread over time; its call starts at 5 + 0.01 i s and lasts
until 10 s before the end. Users have five digits: net1 1xxxx, net2 2xxxx, net3 3xxxx.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_scenario as sc  # noqa: E402  (shared with gen-campus.py)


def parse(argv):
    p = argparse.ArgumentParser(prog="gen-mobiles.py", usage=__doc__.splitlines()[3][7:])
    p.add_argument("n", type=int)
    p.add_argument("duration", type=int)
    p.add_argument("--mobiles-per-pair", type=int, default=10)
    p.add_argument("--pair-spacing", type=int, default=1000)
    p.add_argument("--one-channel", action="store_true")
    a = p.parse_args(argv)
    if not 1 <= a.n <= 9999 or a.duration < 30 or a.mobiles_per_pair < 1 or a.pair_spacing < 200:
        p.error("N must be 1-9999, DURATION_S at least 30, --mobiles-per-pair at least 1, "
                "--pair-spacing at least 200")
    pairs = (a.n + a.mobiles_per_pair - 1) // a.mobiles_per_pair
    if pairs > 150:
        p.error("at most 150 pairs of cells (a network has room for 155 AP subnets)")
    return a, pairs


def main(argv):
    a, pairs = parse(argv[1:])
    n, duration, per, spacing = a.n, a.duration, a.mobiles_per_pair, a.pair_spacing
    channel = ", channel: 1" if a.one_channel else ""
    out = sc.header(f"mobiles-{n}x{duration}s",
                    f"{n} mobiles over {2 * pairs} cells (net1/net2) in calls to net3, "
                    f"{duration} s", duration)
    aps = {k: [f"{{x: {spacing * p + 100 * (k - 1)}, y: 0{channel}}}" for p in range(pairs)]
           for k in (1, 2)}
    out += sc.networks(n, aps) + sc.wan_links() + sc.wired_uas(range(n))
    for i in range(n):
        home = 1 + i % 2
        base = spacing * (i // per)
        y = i % 10
        # walk 5 -> 95 -> 5 ... into the pair (40 s each way, 10 s pauses), shifted 7 s per mobile
        start_x, end_x = (base + 5, base + 95) if home == 1 else (base + 95, base + 5)
        path = [(0, start_x, y)]
        t, x = 7 * (i % 14) + 10, start_x
        while t < duration:
            path.append((t, x, y))
            x = end_x if x == start_x else start_x
            t += 40
            path.append((t, x, y))
            t += 10
        out += sc.mobile_ua(i, home, path, duration - 15 - 0.01 * i)
    out += sc.settings()
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
