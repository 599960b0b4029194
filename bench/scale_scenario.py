# SPDX-License-Identifier: GPL-2.0-only
"""The parts of a load scenario that bench/gen-mobiles.py and bench/gen-campus.py share: the
seed's three networks (net1, net2 with access points; net3 wired), the WAN triangle, wired user
agents on net3, mobile user agents with a walk and a call, and the Wi-Fi / timer settings.

Users have five digits: net1 1xxxx, net2 2xxxx, net3 3xxxx; every network subscribes N of them.
Each function returns the YAML lines of its part (scenarios/README.md documents the keys).
"""


def header(name, description, duration):
    """The scenario's name, description, duration (s) and registration model (home-only)."""
    return [f"name: {name}", f"description: {description}", f"duration: {duration}",
            "model: home-only"]


def networks(n, access_points):
    """net1..net3 with subscribers k0000 .. k(n-1) and a dial plan to the other two;
    access_points[k] lists the flow-style YAML maps of network k's APs (k = 1, 2)."""
    out = ["networks:"]
    for k, prefix in enumerate(["10.1.0.0", "10.2.0.0", "10.3.0.0"], 1):
        out += [f"  - name: net{k}",
                f"    domain: net{k}.example.org",
                f"    prefix: {prefix}",
                f'    subscribers: ["{k}0000-{k}{n - 1:04d}"]',
                "    dial_plan:"]
        out += [f'      - {{pattern: "{m}xxxx", network: net{m}}}' for m in (1, 2, 3) if m != k]
        if k in access_points:
            out.append("    access_points:")
            out += [f"      - {ap}" for ap in access_points[k]]
    return out


def wan_links():
    """The WAN triangle: 10 ms, 100 Mb/s between each pair of networks."""
    out = ["wan_links:"]
    for x, y in [(1, 2), (1, 3), (2, 3)]:
        out.append(f"  - {{a: net{x}, b: net{y}, delay_ms: 10, data_rate: 100Mbps, "
                   "port_a: 5065, port_b: 5066}")
    return out


def wired_uas(indices):
    """`user_agents:` and a static UA 3iiii on net3 for each index i."""
    out = ["user_agents:"]
    for i in indices:
        out += [f'  - user: "3{i:04d}"', "    network: net3"]
    return out


def mobile_ua(i, home, path, call_duration=None, time_format="{}"):
    """Mobile UA {home}iiii on net{home} walking @p path [(t, x, y)] (waypoints, s and m;
    t formatted with time_format); with call_duration, a call to 3iiii at 5 + 0.01 i s lasting
    call_duration s."""
    out = [f'  - user: "{home}{i:04d}"', f"    network: net{home}", "    mobile: true",
           "    path:"]
    out += [f"      - {{t: {time_format.format(t)}, x: {x}, y: {y}}}" for t, x, y in path]
    if call_duration is not None:
        out += ["    calls:",
                f'      - {{at: {5 + 0.01 * i:.2f}, callee: "3{i:04d}", '
                f"duration: {call_duration:.2f}}}"]
    return out


def settings():
    """20 dBm radios, 3 missed beacons, fast DHCP, 1 s address polls at random phases."""
    return ["wifi:", "  tx_power_dbm: 20", "  max_missed_beacons: 3",
            "attributes:", "  dhcp.Collect: 50ms", "  dhcp.RTRS: 1s", "  ua.PollInterval: 1s",
            "  ua.RandomPollPhase: true"]
