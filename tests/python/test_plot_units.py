# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob plot --x ATTRIBUTE`: the axis unit of a swept ns-3 attribute comes from the attribute
tables `sipmob attributes --write .` generates (doc/attributes/*.md); a count says so."""

import csv
import os
import sqlite3
import subprocess
import sys

import pytest

ANALYSIS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis")
sys.path.insert(0, ANALYSIS)

import sipmob_schema  # noqa: E402

pytest.importorskip("matplotlib")
pytest.importorskip("pandas")


def make_db(path, key, values):
    """Two runs per value of `key` (a run_params key), total_ms = 1000 + value + run."""
    conn = sipmob_schema.create_database(str(path))
    run_id = 0
    for value in values:
        for run in [1, 2]:
            run_id += 1
            conn.execute("INSERT INTO runs (run_id, scenario, model, seed, run, status, "
                         "config_key) VALUES (?, 's.yaml', 'home-only', 1, ?, 'ok', ?)",
                         (run_id, run, f"k{run_id}"))
            conn.execute("INSERT INTO run_params VALUES (?, ?, ?)", (run_id, key, value))
            conn.execute("INSERT INTO handoffs (run_id, seq, kind, total_ms) VALUES "
                         "(?, 0, 'handoff', ?)", (run_id, 1000.0 + float(value) + run))
    conn.commit()
    conn.close()


def plot(tmp_path, key, values):
    db = tmp_path / "r.db"
    make_db(db, key, values)
    out = tmp_path / "p.png"
    proc = subprocess.run([sys.executable, os.path.join(ANALYSIS, "plot_results.py"), str(db),
                           "--x", key, "--y", "total_ms", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(open(str(out) + ".csv")))


@pytest.mark.parametrize("key,unit", [
    ("ua.PollInterval", "s"),  # Time: a bare number is seconds to ns-3
    ("ua@1001.PollInterval", "s"),  # one user agent's attribute
    ("ua.RegisterExpires", "s"),  # Uinteger whose meaning names its unit ("..., seconds")
])
def test_time_attribute_gets_its_unit(tmp_path, key, unit):
    points = plot(tmp_path, key, ["600", "3600"])
    assert sorted(float(p[key]) for p in points) == [600.0, 3600.0]
    assert {p["x_unit"] for p in points} == {unit}
    assert sorted(float(p["mean"]) for p in points) == [1601.5, 4601.5]


def test_plain_integer_attribute_is_a_count(tmp_path):
    key = "ns3::RoamingStaWifiMac::LinkProbes"
    points = plot(tmp_path, key, ["0", "3"])
    assert sorted(float(p[key]) for p in points) == [0.0, 3.0]
    assert {p["x_unit"] for p in points} == {"count"}


def test_unknown_key_falls_back_to_the_key_table(tmp_path):
    points = plot(tmp_path, "net1.wan.delay_ms", ["10", "50"])
    assert {p["x_unit"] for p in points} == {"ms"}


def test_keys_zipped_with_x_are_no_panels(tmp_path):
    """A --zip sweep (three WAN delays varied together): one panel with one point per value, not
    one panel per value of the other two keys."""
    db = tmp_path / "z.db"
    conn = sipmob_schema.create_database(str(db))
    run_id = 0
    for model in ["home-only", "outbound-proxy"]:
        for value in ["5", "25", "100"]:
            for run in [1, 2]:
                run_id += 1
                conn.execute("INSERT INTO runs (run_id, scenario, model, seed, run, status, "
                             "config_key) VALUES (?, 's.yaml', ?, 1, ?, 'ok', ?)",
                             (run_id, model, run, f"k{run_id}"))
                for link in range(3):
                    conn.execute("INSERT INTO run_params VALUES (?, ?, ?)",
                                 (run_id, f"wan_links.{link}.delay_ms", value))
                conn.execute("INSERT INTO handoffs (run_id, seq, kind, total_ms) VALUES "
                             "(?, 0, 'handoff', ?)", (run_id, 1000.0 + 3 * float(value) + run))
    conn.commit()
    conn.close()
    out = tmp_path / "z.png"
    proc = subprocess.run([sys.executable, os.path.join(ANALYSIS, "plot_results.py"), str(db),
                           "--x", "wan_links.0.delay_ms", "--y", "total_ms", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    points = list(csv.DictReader(open(str(out) + ".csv")))
    assert {p["panel"] for p in points} == {""}
    assert sorted((p["model"], float(p["wan_links.0.delay_ms"]), float(p["mean"]), int(p["n"]))
                  for p in points) == [
        (m, v, 1001.5 + 3 * v, 2) for m in ["home-only", "outbound-proxy"] for v in [5, 25, 100]]

    # A key that varies independently of x still gets its own panels (nothing pooled).
    conn = sqlite3.connect(str(db))
    conn.execute("UPDATE run_params SET value = CAST(run AS TEXT) FROM runs WHERE "
                 "runs.run_id = run_params.run_id AND key = 'wan_links.2.delay_ms'")
    conn.commit()
    conn.close()
    proc = subprocess.run([sys.executable, os.path.join(ANALYSIS, "plot_results.py"), str(db),
                           "--x", "wan_links.0.delay_ms", "--y", "total_ms", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    panels = {p["panel"] for p in csv.DictReader(open(str(out) + ".csv"))}
    assert panels == {"wan_links.2.delay_ms=1", "wan_links.2.delay_ms=2"}
