# SPDX-License-Identifier: GPL-2.0-only
"""bench/gen-mobiles.py and bench/gen-campus.py (issue 15 item 2): the scenarios they write have
the cells, user agents, walks and calls their usage promises, the same file for the same
arguments, and a clear error for bad arguments.

Run with /usr/bin/python3 -m pytest tests/python/test_bench_generators.py.
"""

import os
import subprocess

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def gen(script, *args):
    return subprocess.run(["/usr/bin/python3", os.path.join(REPO, "bench", script), *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def load(script, *args):
    proc = gen(script, *args)
    assert proc.returncode == 0, proc.stderr
    return yaml.safe_load(proc.stdout)


def test_mobiles_one_pair_of_cells_per_ten_mobiles_each_in_a_call():
    s = load("gen-mobiles.py", 25, 62)
    nets = {n["name"]: n for n in s["networks"]}
    assert [ap["x"] for ap in nets["net1"]["access_points"]] == [0, 1000, 2000]
    assert [ap["x"] for ap in nets["net2"]["access_points"]] == [100, 1100, 2100]
    assert "access_points" not in nets["net3"]
    assert all("channel" not in ap for ap in nets["net1"]["access_points"])  # the default plan
    mobiles = [u for u in s["user_agents"] if u.get("mobile")]
    wired = [u for u in s["user_agents"] if not u.get("mobile")]
    assert len(mobiles) == 25 and len(wired) == 25
    m7 = next(u for u in mobiles if u["user"] == "20007")  # odd: home net2, pair 0
    assert m7["network"] == "net2" and m7["calls"][0]["callee"] == "30007"
    assert m7["path"][0] == {"t": 0, "x": 95, "y": 7}
    assert m7["path"][1]["t"] == 7 * 7 + 10  # walks shifted 7 s per mobile
    m21 = next(u for u in mobiles if u["user"] == "20021")
    assert {p["x"] for p in m21["path"]} == {2005, 2095}  # inside its own pair
    assert s["duration"] == 62 and s["model"] == "home-only"


def test_mobiles_one_channel_pins_every_ap():
    s = load("gen-mobiles.py", 10, 62, "--one-channel")
    assert all(ap["channel"] == 1 for n in s["networks"] for ap in n.get("access_points", []))


def test_campus_buildings_of_aps_and_a_tenth_in_calls_same_file_for_same_seed():
    s = load("gen-campus.py", 100, 60, "--buildings", 2, "--aps-per-row", 3)
    aps = [ap for n in s["networks"] for ap in n.get("access_points", [])]
    assert len(aps) == 2 * 2 * 3
    assert {(ap["x"], ap["y"]) for ap in aps} == {
        (1000 * b + 80 * c, 80 * r) for b in range(2) for r in range(2) for c in range(3)}
    mobiles = [u for u in s["user_agents"] if u.get("mobile")]
    callers = [u for u in mobiles if "calls" in u]
    assert len(mobiles) == 100 and len(callers) == 10
    assert len([u for u in s["user_agents"] if not u.get("mobile")]) == 10
    for u in mobiles:
        building = int(u["user"][1:]) % 2
        assert all(1000 * building <= p["x"] <= 1000 * building + 160 for p in u["path"])
    assert gen("gen-campus.py", 100, 60, "--seed", 3).stdout == \
        gen("gen-campus.py", 100, 60, "--seed", 3).stdout
    assert gen("gen-campus.py", 100, 60, "--seed", 3).stdout != \
        gen("gen-campus.py", 100, 60, "--seed", 4).stdout


def test_bad_arguments_are_refused_with_the_rule():
    proc = gen("gen-mobiles.py", 0, 62)
    assert proc.returncode == 2 and "N must be 1-9999" in proc.stderr
    proc = gen("gen-mobiles.py", 2000, 62)
    assert proc.returncode == 2 and "at most 150 pairs" in proc.stderr
    proc = gen("gen-campus.py", 100, 60, "--calls", 0)
    assert proc.returncode == 2 and "--calls in (0, 1]" in proc.stderr
