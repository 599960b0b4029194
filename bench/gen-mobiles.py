#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write a load scenario: the three networks of seed-testbed, N mobiles that walk back and forth
between AP1 (x = 0, net1) and AP2 (x = 100, net2) for the whole run, each in a call to a static
UA of its own on net3.

usage: bench/gen-mobiles.py N DURATION_S > scenario.yaml
Mobile i (home net1 for even i, net2 for odd i) walks at 2.25 m/s like the seed's mobile, at
y = i mod 10 m, its walk shifted by 7 s per mobile so the hand-offs spread over time; its call
starts at 5 + 0.1 i s and lasts until 10 s before the end. Used for the 30-mobile 600 s check
of issue 12 (bench/README.md).
"""

import sys


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or not argv[2].isdigit():
        print(__doc__.splitlines()[3], file=sys.stderr)
        return 2
    n, duration = int(argv[1]), int(argv[2])
    if not 1 <= n <= 90 or duration < 30:
        print("gen-mobiles.py: N must be 1-90 and DURATION_S at least 30", file=sys.stderr)
        return 2
    out = [f"name: mobiles-{n}x{duration}s",
           f"description: {n} mobiles walking between net1 and net2 in calls to net3, {duration} s",
           f"duration: {duration}",
           "model: home-only",
           "networks:"]
    for k, (px, ap) in enumerate([("10.1.0.0", 0), ("10.2.0.0", 100), ("10.3.0.0", None)], 1):
        others = [m for m in (1, 2, 3) if m != k]
        out += [f"  - name: net{k}",
                f"    domain: net{k}.example.org",
                f"    prefix: {px}",
                f'    subscribers: ["{k}000-{k}099"]',
                "    dial_plan:"]
        out += [f'      - {{pattern: "{m}xxx", network: net{m}}}' for m in others]
        if ap is not None:
            out.append(f"    access_points: [{{x: {ap}, y: 0}}]")
    out.append("wan_links:")
    for a, b in [(1, 2), (1, 3), (2, 3)]:
        out.append(f"  - {{a: net{a}, b: net{b}, delay_ms: 10, data_rate: 10Mbps, "
                   "port_a: 5065, port_b: 5066}")
    out.append("user_agents:")
    for i in range(n):
        out += [f'  - user: "{3000 + i}"', "    network: net3"]
    for i in range(n):
        home = 1 + i % 2
        user = f"{home}{i:03d}"
        y = i % 10
        # walk 5 -> 95 -> 5 ... (40 s each way, 10 s pauses), shifted by 7 s per mobile
        start_x, end_x = (5, 95) if home == 1 else (95, 5)
        path = [(0, start_x)]
        t, x = 7 * (i % 14) + 10, start_x
        while t < duration:
            path.append((t, x))
            x = end_x if x == start_x else start_x
            t += 40
            path.append((t, x))
            t += 10
        out += [f'  - user: "{user}"', f"    network: net{home}", "    mobile: true", "    path:"]
        out += [f"      - {{t: {pt}, x: {px}, y: {y}}}" for pt, px in path]
        out += ["    calls:",
                f'      - {{at: {5 + 0.1 * i:.1f}, callee: "{3000 + i}", '
                f"duration: {duration - 15 - 0.1 * i:.1f}}}"]
    out += ["wifi:", "  tx_power_dbm: 20", "  max_missed_beacons: 3",
            "attributes:", "  dhcp.Collect: 50ms", "  dhcp.RTRS: 1s", "  ua.PollInterval: 1s",
            "  ua.RandomPollPhase: true"]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
