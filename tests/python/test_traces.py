# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob run --trace SOURCE=FILE.csv` and the scenario key `traces:` through the real binary."""

import csv
import os
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.abspath(os.path.join(BUILD, "sipmob"))  # the tests run in other directories
SEED = os.path.join(REPO, "scenarios", "seed-testbed.yaml")
CUT = ["--set", "duration=45"]  # the first hand-off (~39 s) and its re-INVITE

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def sipmob(*args, cwd=None):
    return subprocess.run([SIPMOB, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def rows(db, sql):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_two_sources_write_what_the_database_records(tmp_path):
    reg, reinv, db = tmp_path / "reg.csv", tmp_path / "reinv.csv", str(tmp_path / "t.db")
    r = sipmob("run", SEED, *CUT, "--db", db, "--quiet",
               "--trace", f"ua@1001.Registration={reg}",
               "--trace", "/NodeList/*/ApplicationList/*/$ns3::SipUserAgent/ReinviteResult="
               f"{reinv}")
    assert r.returncode == 0, r.stderr
    # A record argument: one column per column of its table, the same values as the database.
    got = list(csv.DictReader(open(reg)))
    want = rows(db, "SELECT * FROM registrations WHERE ua = 'sip:1001@net1.example.org' "
                "ORDER BY seq")
    assert list(got[0])[:4] == ["time_s", "context", "ua", "contact"]
    assert len(got) == len(want) >= 2
    for g, w in zip(got, want):
        assert g["context"] == "ua@1001"
        assert (g["contact"], g["via"], int(g["status"])) == (w["contact"], w["via"], w["status"])
        assert float(g["t_sent"]) == pytest.approx(w["t_sent"], abs=1e-9)
        assert float(g["time_s"]) == pytest.approx(w["t_final"], abs=1e-9)  # emitted at the end
    # Plain arguments, matched by a Config path: the mobile's re-INVITE after the move.
    got = list(csv.DictReader(open(reinv)))
    h = rows(db, "SELECT * FROM handoffs WHERE seq = 0")[0]
    assert list(got[0]) == ["time_s", "context", "call_id", "status"]
    assert [(g["call_id"], g["status"]) for g in got] == [(h["call_id"], "200")]
    assert float(got[0]["time_s"]) == pytest.approx(h["t_reinvite_ok"], abs=1e-9)
    assert got[0]["context"].startswith("/NodeList/") and \
        got[0]["context"].endswith("/$ns3::SipUserAgent")


def test_the_scenario_key_traces_connects_too(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(open(SEED).read() + "\ntraces:\n  gateway@net1.Forwarded: fwd.csv\n")
    r = sipmob("run", str(scenario), *CUT, "--quiet", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    got = list(csv.DictReader(open(tmp_path / "fwd.csv")))
    assert got and {g["context"] for g in got} <= {"gateway@net1>net2", "gateway@net1>net3"}
    assert {g["direction"] for g in got} <= {"outbound", "inbound"}
    assert any(g["request"].startswith("INVITE sip:3001@") for g in got)


@pytest.mark.parametrize("spec,needle", [
    ("ua@1001.Bogus=x.csv", "ns3::SipUserAgent has no trace source 'Bogus' (it has: "),
    ("ua@9999.Call=x.csv", "matches no object"),
    ("nonsense=x.csv", "expected a Config path"),
    ("ua@1001.Call", "expected SOURCE=FILE.csv"),
    ("/NodeList/*/DeviceList/*/Phy/State/State=x.csv",
     "its callback signature ns3::WifiPhyStateHelper::StateTracedCallback is not one --trace "
     "can write"),
])
def test_a_bad_source_is_one_line_and_exit_2_before_running(tmp_path, spec, needle):
    r = sipmob("run", SEED, "--trace", spec, cwd=str(tmp_path))
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and needle in r.stderr, r.stderr
    assert r.stdout == ""  # nothing ran
