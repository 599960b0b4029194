# SPDX-License-Identifier: GPL-2.0-only
"""End-to-end tests of the `sipmob` command line (run, sweep, report, plot) through the real binary.

The binary is $SIPMOB_BUILD_DIR/sipmob (default <repo>/build/sipmob); the tests skip when it is
missing. Run with /usr/bin/python3 -m pytest tests/python/test_cli.py.
"""

import csv
import io
import os
import re
import shutil
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SCENARIO = os.path.join(REPO, "scenarios", "two-ap-handoff.yaml")
SHORT = ["--set", "duration=12"]  # the hand-off is at ~7.5 s; 12 s keeps each run short

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")

# Printed table column -> handoffs column.
TABLE_COLUMNS = [("L2", "l2_ms"), ("DHCP", "dhcp_ms"), ("detect", "detection_ms"),
                 ("disc", "discovery_ms"), ("REG", "registration_ms"), ("reINV", "reinvite_ms"),
                 ("gap dn", "media_gap_down_ms"), ("gap up", "media_gap_up_ms"),
                 ("total", "total_ms")]


def sipmob(*args, timeout=300):
    env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO)
    return subprocess.run([SIPMOB, *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


def query(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def parse_handoff_table(stdout):
    """Rows of the per-hand-off table that `sipmob run` prints (list of lists of cells)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("hand-offs:"))
    rows = []
    for line in lines[start + 2:]:  # skip the header line
        cells = line.split()
        if not cells or not cells[0].isdigit():
            break
        rows.append(cells)
    return rows


def test_run_writes_runs_and_handoffs_matching_the_printed_table(tmp_path):
    db = str(tmp_path / "run.db")
    r = sipmob("run", SCENARIO, *SHORT, "--db", db)
    assert r.returncode == 0, r.stderr
    assert re.search(r"hand-offs: 1 \(components in ms\)", r.stdout), r.stdout
    runs = query(db, "SELECT run_id, scenario, model, seed, run, status, sim_time_s FROM runs")
    assert len(runs) == 1
    run_id, scenario, model, seed, run, status, sim_time = runs[0]
    assert (scenario, seed, run, status) == (SCENARIO, 1, 1, "ok")
    assert model == "home-only"  # no --model: the scenario's model, recorded as used
    assert sim_time == pytest.approx(14.0)  # duration + 2 s for the final de-registrations
    assert query(db, "SELECT key, value FROM run_params") == [("duration", "12")]

    cols = ", ".join(c for _, c in TABLE_COLUMNS)
    rows = query(db, f"SELECT seq, ua, from_network, to_network, {cols} FROM handoffs "
                     "WHERE run_id = ? ORDER BY seq", (run_id,))
    table = parse_handoff_table(r.stdout)
    assert len(rows) == len(table) == 1
    for db_row, cells in zip(rows, table):
        _, ua, frm, to, *components = db_row
        assert ua == "sip:1001@net1.example.org"
        # the table shows the AoR without "sip:", cut at 24 characters
        assert ua.removeprefix("sip:").startswith(cells[1]) and len(cells[1]) >= 20
        assert cells[2] == f"{frm}>{to}" == "net1>net2"
        printed = cells[3:3 + len(TABLE_COLUMNS)]
        for (name, column), text, value in zip(TABLE_COLUMNS, printed, components):
            assert value is not None, f"{column} is NULL"
            assert text == f"{value:.1f}", f"{name}: printed {text}, database {value}"
        # The components are positive and add up: total covers L2 + DHCP + detection.
        l2, dhcp, detect = components[0], components[1], components[2]
        assert l2 > 0 and dhcp > 0 and detect >= 0
        assert components[-1] >= l2 + dhcp + detect
    # The registrations and the call are there too.
    assert query(db, "SELECT COUNT(*) FROM registrations WHERE status = 200")[0][0] >= 3
    assert query(db, "SELECT COUNT(*) FROM calls WHERE t_answered IS NOT NULL")[0][0] == 2


# case -> (line of networks[0] to change, "insert" after it or "replace" it, new text, key, reason)
INVALID = {
    "unknown key": ("prefix: 10.1.0.0", "insert", "    colour: red\n", "networks[0].colour",
                    "unknown key"),
    "wrong type": ("prefix: 10.1.0.0", "insert", "    marshal_port: high\n",
                   "networks[0].marshal_port", "wrong type"),
    "missing reference": ('dial_plan: [{pattern: "2xxx", network: net2}]', "replace",
                          '    dial_plan: [{pattern: "2xxx", network: net9}]\n',
                          "networks[0].dial_plan[0].network", "does not exist"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_scenario_exits_2_with_one_line_naming_file_line_and_key(tmp_path, case):
    anchor, mode, new_text, key, reason = INVALID[case]
    text = open(SCENARIO).read().splitlines(keepends=True)
    at = next(i for i, line in enumerate(text) if line.strip() == anchor)
    if mode == "insert":
        at += 1
        text.insert(at, new_text)
    else:
        text[at] = new_text
    bad = tmp_path / "bad.yaml"
    bad.write_text("".join(text))
    r = sipmob("run", str(bad), "--db", str(tmp_path / "never.db"))
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    assert f"{bad}:{at + 1}: {key}: " in lines[0], lines[0]
    assert reason in lines[0]
    assert r.stdout == ""
    assert not (tmp_path / "never.db").exists()


SWEEP = ["-p", "model=home-only,outbound-proxy", "--runs", "2", "--jobs", "2"]


@pytest.fixture(scope="module")
def sweep_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("sweep") / "sweep.db")
    r = sipmob("sweep", SCENARIO, *SWEEP, "-p", "duration=12", "--db", db, timeout=600)
    return db, r


def test_sweep_runs_every_configuration_once_and_resumes(sweep_db):
    db, first = sweep_db
    assert first.returncode == 0, first.stderr
    assert "jobs 4, skipped (already done) 0, ok 4, failed 0" in first.stdout
    rows = query(db, "SELECT model, run, status FROM runs ORDER BY model, run")
    assert rows == [("home-only", 1, "ok"), ("home-only", 2, "ok"),
                    ("outbound-proxy", 1, "ok"), ("outbound-proxy", 2, "ok")]
    # One hand-off per run; the two models differ where they should (registration path).
    per_run = query(db, "SELECT r.model, COUNT(h.seq) FROM runs r LEFT JOIN handoffs h "
                        "USING (run_id) GROUP BY r.run_id ORDER BY r.model")
    assert [n for _, n in per_run] == [1, 1, 1, 1]
    vias = dict(query(db, "SELECT model, COUNT(DISTINCT via) FROM registrations GROUP BY model"))
    assert set(vias) == {"home-only", "outbound-proxy"}
    before = query(db, "SELECT run_id, config_key, started_at FROM runs ORDER BY run_id")

    again = sipmob("sweep", SCENARIO, *SWEEP, "-p", "duration=12", "--db", db, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "jobs 4, skipped (already done) 4, ok 0, failed 0" in again.stdout
    assert query(db, "SELECT run_id, config_key, started_at FROM runs ORDER BY run_id") == before


def test_report_csv_has_the_columns_and_counts(sweep_db):
    db, first = sweep_db
    assert first.returncode == 0, first.stderr
    r = sipmob("report", db, "--csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0].keys()) == ["model", "metric", "n", "mean", "std", "ci95", "median",
                                 "p90", "p99", "min", "max"]
    metrics = ["l2_ms", "dhcp_ms", "detection_ms", "discovery_ms", "registration_ms",
               "reinvite_ms", "resume_ms", "media_gap_down_ms", "media_gap_up_ms", "total_ms",
               "media_lost_down", "media_lost_up", "outage_down_ms", "outage_up_ms", "mos",
               "mos_up"]
    assert len(rows) == 2 * len(metrics)
    for model in ["home-only", "outbound-proxy"]:
        got = {row["metric"]: row for row in rows if row["model"] == model}
        assert sorted(got) == sorted(metrics)
        for metric in metrics:
            values = [v for (v,) in query(
                db, f"SELECT h.{metric} FROM handoffs h JOIN runs r USING (run_id) "
                    "WHERE r.model = ? AND h.{0} IS NOT NULL".replace("{0}", metric), (model,))]
            assert int(got[metric]["n"]) == len(values) == 2, (model, metric)
            assert float(got[metric]["mean"]) == pytest.approx(sum(values) / 2, abs=1e-3)
            assert float(got[metric]["min"]) == pytest.approx(min(values), abs=1e-3)
            assert float(got[metric]["max"]) == pytest.approx(max(values), abs=1e-3)
            # n = 2: median = mean, p90 = min + 0.9 (max - min) (linear interpolation).
            assert float(got[metric]["median"]) == pytest.approx(sum(values) / 2, abs=1e-3)
            assert float(got[metric]["p90"]) == pytest.approx(
                min(values) + 0.9 * (max(values) - min(values)), abs=1e-3)


def test_report_prints_resume_and_the_components_add_up_to_total(sweep_db):
    """resume_ms is the last addend of total_ms (doc/results-schema.md, "Components add up"):
    report's means of the six addends sum to its mean total, in the CSV and in --wide."""
    db, first = sweep_db
    assert first.returncode == 0, first.stderr
    addends = ["l2_ms", "dhcp_ms", "detection_ms", "discovery_ms", "registration_ms", "resume_ms"]
    r = sipmob("report", db, "--csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    wide = sipmob("report", db, "--wide")
    assert wide.returncode == 0, wide.stderr
    head, *lines = [line for line in wide.stdout.splitlines() if line.strip()]
    labels = head.split()
    assert labels[labels.index("reINV") + 1] == "resume"
    for model in ["home-only", "outbound-proxy"]:
        got = {row["metric"]: row for row in rows if row["model"] == model}
        db_resume = [v for (v,) in query(
            db, "SELECT h.t_media_down - h.t_reinvite_sent FROM handoffs h JOIN runs r "
                "USING (run_id) WHERE r.model = ? AND h.t_media_down IS NOT NULL", (model,))]
        assert int(got["resume_ms"]["n"]) == len(db_resume) == 2
        assert float(got["resume_ms"]["mean"]) == pytest.approx(
            1000 * sum(db_resume) / len(db_resume), abs=1e-3)
        # discovery_ms is NULL without a discovery step: it adds nothing then.
        parts = [float(got[m]["mean"]) if int(got[m]["n"]) else 0.0 for m in addends]
        assert float(got["resume_ms"]["mean"]) > 0
        assert sum(parts) == pytest.approx(float(got["total_ms"]["mean"]), abs=0.01)
        line = next(line for line in lines if line.split()[0] == model).encode()
        # --wide prints "%-28s %4zu" then " %15s" per column (bytes: "±" is two)
        i = labels.index("resume") - labels.index("L2")
        cell = line[33 + 16 * i:33 + 16 * (i + 1)].decode().split("±")
        assert float(cell[0]) == pytest.approx(float(got["resume_ms"]["mean"]), abs=0.06)
        assert float(cell[1]) == pytest.approx(float(got["resume_ms"]["ci95"]), abs=0.06)


def _has_plot_deps():
    probe = subprocess.run(["/usr/bin/python3", "-c", "import matplotlib, pandas"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _has_plot_deps(), reason="/usr/bin/python3 lacks matplotlib or pandas")
def test_plot_writes_png_files(sweep_db, tmp_path):
    db, first = sweep_db
    assert first.returncode == 0, first.stderr
    out = tmp_path / "plots"
    r = sipmob("plot", db, "--out", str(out))
    assert r.returncode == 0, r.stderr
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert "latency_components.png" in pngs and "latency_cdf.png" in pngs, pngs
    for name in pngs:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, name


# --- bad input, provenance, database faults (issue 12, items 6-8) ----------------------------

STATIC = os.path.join(REPO, "tests", "python", "data", "two-static.yaml")


def test_sweep_checks_every_configuration_before_running_any(tmp_path):
    db = str(tmp_path / "s.db")
    r = sipmob("sweep", STATIC, "-p", "ua.PolInterval=1s,2s", "-p", "duration=5,6", "-n", "2",
               "--db", db)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    # One line per distinct problem (2 values of the misspelled key), then the verdict.
    assert len(lines) == 3, lines
    assert all(f"{STATIC}: --set ua.PolInterval=" in line for line in lines[:2]), lines
    assert "has no attribute 'PolInterval'" in lines[0]
    assert "nothing run" in lines[2]
    assert not os.path.exists(db) or query(db, "SELECT COUNT(*) FROM runs") == [(0,)]


@pytest.mark.parametrize("args,needle", [
    (["--set", "duration=.nan"], "duration: must be a finite number"),
    (["--set", "ua.PollInterval=soon"], "'soon' is not a valid value for ns3::SipUserAgent::PollInterval: not a time"),
])
def test_run_refuses_bad_values_with_one_line(args, needle):
    r = sipmob("run", STATIC, *args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and needle in r.stderr, r.stderr


def test_run_refuses_a_directory(tmp_path):
    r = sipmob("run", str(tmp_path))
    assert r.returncode == 2 and "is a directory" in r.stderr and r.stderr.count("\n") == 1


def test_pcap_directory_is_created(tmp_path):
    out = tmp_path / "a" / "b"
    r = sipmob("run", STATIC, "--quiet", "--pcap", str(out))
    assert r.returncode == 0, r.stderr
    assert any(p.suffix == ".pcap" for p in out.iterdir())
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = sipmob("run", STATIC, "--quiet", "--pcap", str(blocker / "sub"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "pcap directory" in r.stderr


def test_runs_store_provenance_and_report_separates_scenario_versions(tmp_path):
    scenario = tmp_path / "s.yaml"
    text = open(STATIC).read()
    scenario.write_text(text)
    db = str(tmp_path / "r.db")
    assert sipmob("run", str(scenario), "--quiet", "--db", db).returncode == 0
    scenario.write_text(text.replace("delay_ms: 10", "delay_ms: 30"))
    assert sipmob("run", str(scenario), "--quiet", "--db", db).returncode == 0
    rows = query(db, "SELECT config_key, scenario_sha256, sipmob_commit, ns3_version, host "
                     "FROM runs ORDER BY run_id")
    assert len(rows) == 2 and rows[0][0] != rows[1][0] and rows[0][1] != rows[1][1]
    assert all(r[0].startswith("sha256:") and r[3] == "3.37" and r[4] for r in rows)
    texts = dict(query(db, "SELECT sha256, text FROM scenarios"))
    assert "delay_ms: 30" in texts[rows[1][1]] and "delay_ms: 10" in texts[rows[0][1]]
    r = sipmob("report", db, "--csv", "--by", "model")
    assert r.returncode == 0 and "POOLED across versions" in r.stderr, r.stderr


def _as_nobody():
    """subprocess arguments that drop root privileges (file permissions do not stop root)."""
    return {"user": 65534, "group": 65534} if os.geteuid() == 0 else {}


def test_run_on_a_read_only_database_keeps_the_results_and_merge_brings_them_back():
    import shutil
    import tempfile

    work = tempfile.mkdtemp(prefix="sipmob-readonly-", dir="/tmp")  # reachable by nobody
    try:
        _read_only_case(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _read_only_case(work):
    os.chmod(work, 0o777)
    db = os.path.join(work, "r.db")
    assert sipmob("run", STATIC, "--quiet", "--db", db).returncode == 0
    os.chmod(db, 0o444)
    for extra in ("-wal", "-shm"):
        if os.path.exists(db + extra):
            os.chmod(db + extra, 0o444)
    env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO, TMPDIR=work)
    r = subprocess.run([SIPMOB, "run", STATIC, "--quiet", "--db", db, "--run", "2"],
                       capture_output=True, text=True, timeout=300, env=env, **_as_nobody())
    assert r.returncode == 3, r.stderr
    assert r.stderr.count("\n") == 1 and "kept in" in r.stderr and "sipmob db merge" in r.stderr
    side = r.stderr.split("kept in ")[1].split(",")[0]
    assert os.path.isfile(side)
    os.chmod(db, 0o644)
    m = sipmob("db", "merge", db)
    assert m.returncode == 0 and "merged 1 run(s) from 1 file(s)" in m.stdout, m.stderr
    assert query(db, "SELECT run, status FROM runs ORDER BY run") == [(1, "ok"), (2, "ok")]
    assert query(db, "SELECT COUNT(*) FROM calls c JOIN runs r USING (run_id) WHERE r.run = 2") \
        == query(db, "SELECT COUNT(*) FROM calls c JOIN runs r USING (run_id) WHERE r.run = 1")
    assert not os.path.exists(side)


def test_report_and_sweep_refuse_a_damaged_file(tmp_path):
    db = str(tmp_path / "r.db")
    assert sipmob("run", STATIC, "--quiet", "--db", db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\xa5" * size)
    for args in (["report", db], ["sweep", STATIC, "--db", db]):
        r = sipmob(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and "damaged" in r.stderr, r.stderr
    r = sipmob("db", "check", db)
    assert r.returncode == 1 and "damaged" in r.stderr


def _mount_tiny_tmpfs(path, size_k):
    """Mount a tmpfs of size_k KiB at path; False when this process may not mount."""
    if os.geteuid() != 0:
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", str(path)],
                       capture_output=True)
    return r.returncode == 0


def test_run_on_a_full_disk_keeps_the_results(tmp_path):
    """A results file on a tiny tmpfs that fills up: one line, exit 3, the run in a side file in
    $TMPDIR (the disk of the file is full too), merged into a copy elsewhere."""
    import shutil

    db0 = str(tmp_path / "first.db")
    assert sipmob("run", STATIC, "--quiet", "--db", db0).returncode == 0
    conn = sqlite3.connect(db0)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    mnt = tmp_path / "full"
    mnt.mkdir()
    size_k = os.path.getsize(db0) // 1024 + 8
    if not _mount_tiny_tmpfs(mnt, size_k):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        db = str(mnt / "r.db")
        shutil.copy(db0, db)
        side_dir = tmp_path / "side"
        side_dir.mkdir()
        env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO, TMPDIR=str(side_dir))
        r = subprocess.run([SIPMOB, "run", STATIC, "--quiet", "--db", db, "--run", "2"],
                           capture_output=True, text=True, timeout=300, env=env)
        assert r.returncode == 3, r.stderr
        assert r.stderr.count("\n") == 1 and f"kept in {side_dir}" in r.stderr, r.stderr
        side = r.stderr.split("kept in ")[1].split(",")[0]
        copy = str(tmp_path / "copy.db")
        shutil.copy(db, copy)
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
    m = sipmob("db", "merge", copy, side)
    assert m.returncode == 0, m.stderr
    assert query(copy, "SELECT run, status FROM runs ORDER BY run") == [(1, "ok"), (2, "ok")]


@pytest.fixture(scope="module")
def poll_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("poll") / "poll.db")
    r = sipmob("sweep", SCENARIO, "-p", "model=home-only,outbound-proxy",
               "-p", "ua.PollInterval=0.5s,1s", "-p", "duration=12", "--runs", "2", "--jobs", "2",
               "--db", db, timeout=600)
    assert r.returncode == 0, r.stderr
    return db


@pytest.mark.skipif(not _has_plot_deps(), reason="/usr/bin/python3 lacks matplotlib or pandas")
def test_plot_against_a_parameter_draws_the_report_statistics(poll_db, tmp_path):
    out = tmp_path / "poll.png"
    r = sipmob("plot", poll_db, "--x", "ua.PollInterval", "--y", "total_ms", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    points = list(csv.DictReader(open(str(out) + ".csv")))
    rep = sipmob("report", poll_db, "--csv", "--by", "model", "--by", "ua.PollInterval")
    assert rep.returncode == 0, rep.stderr
    stats = {(row["model"], row["ua.PollInterval"]): row for row in csv.DictReader(
        io.StringIO(rep.stdout)) if row["metric"] == "total_ms"}
    # One point per model and poll interval, x parsed from "0.5s" / "1s" (seconds).
    assert sorted((p["model"], float(p["ua.PollInterval"])) for p in points) == [
        ("home-only", 0.5), ("home-only", 1.0), ("outbound-proxy", 0.5),
        ("outbound-proxy", 1.0)]
    for p in points:
        text = "0.5s" if float(p["ua.PollInterval"]) == 0.5 else "1s"
        s = stats[(p["model"], text)]
        assert int(p["n"]) == int(s["n"]) == 2
        assert float(p["mean"]) == pytest.approx(float(s["mean"]), abs=1e-3)
        assert float(p["ci"]) == pytest.approx(float(s["ci95"]), abs=1e-3)

    # --where keeps one model; a missing parameter is one clear line, exit 2.
    one = tmp_path / "one.png"
    r = sipmob("plot", poll_db, "--x", "ua.PollInterval", "--y", "mos", "--where",
               "model=outbound-proxy", "--out", str(one))
    assert r.returncode == 0, r.stderr
    assert {p["model"] for p in csv.DictReader(open(str(one) + ".csv"))} == {"outbound-proxy"}
    bad = sipmob("plot", poll_db, "--x", "poll_interval", "--out", str(tmp_path / "x.png"))
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "--x poll_interval: no such parameter" in \
        bad.stderr and "ua.PollInterval" in bad.stderr


def test_attributes_lists_types_and_the_doc_is_current():
    r = sipmob("attributes", "ua")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ns3::SipUserAgent")
    assert "PollInterval (Time) = " in r.stdout and "--set ua.NAME=VALUE" in r.stdout
    assert "trace sources:" in r.stdout and "    MediaRx (" in r.stdout
    media = sipmob("attributes", "ns3::RtpMediaStream")
    assert "PlayoutBuffer (Enum) = adaptive   [fixed|adaptive]" in media.stdout
    every = sipmob("attributes")
    assert every.stdout.count("\n  attributes:\n") >= 15  # every sipmob TypeId
    bad = sipmob("attributes", "NoSuchType")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "NoSuchType" in bad.stderr
    # doc/attributes.md and doc/attributes/ROOM.md are generated from the TypeIds: stale means
    # someone forgot --write.
    check = sipmob("attributes", "--check", REPO)
    assert check.returncode == 0, check.stderr


def test_attribute_pages_follow_the_rooms_and_check_fails_when_stale(tmp_path):
    import shutil
    # The room page of a TypeId is chosen by the folder that declares it.
    access = open(os.path.join(REPO, "doc", "attributes", "access.md")).read()
    assert "\n## ns3::RoamingDhcpClient\n" in access and "\n### Trace sources\n" in access
    assert "| NewLease | `ns3::Ipv4Address::TracedCallback` |" in access
    assert "ns3::SipUserAgent" not in access
    index = open(os.path.join(REPO, "doc", "attributes.md")).read()
    assert "| `model/access` | [attributes/access.md](attributes/access.md) |" in index
    # A copy of the tree: a stale page, a page of no room and a missing page are each named.
    for d in ("model", "helper", "doc"):
        shutil.copytree(os.path.join(REPO, d), tmp_path / d)
    page = tmp_path / "doc" / "attributes" / "access.md"
    page.write_text(access.replace("| NewLease |", "| NewLeaseX |"))
    (tmp_path / "doc" / "attributes" / "gone.md").write_text("old room\n")
    (tmp_path / "doc" / "attributes" / "media.md").unlink()
    stale = sipmob("attributes", "--check", str(tmp_path))
    assert stale.returncode == 1
    assert "doc/attributes/access.md: out of date" in stale.stderr
    assert "doc/attributes/gone.md: no room declares TypeIds for it" in stale.stderr
    assert "doc/attributes/media.md: out of date" in stale.stderr
    assert "attributes --write" in stale.stderr
    wrote = sipmob("attributes", "--write", str(tmp_path))
    assert wrote.returncode == 0, wrote.stderr
    assert page.read_text() == access and not (tmp_path / "doc" / "attributes" / "gone.md").exists()
    assert sipmob("attributes", "--check", str(tmp_path)).returncode == 0
    # A TypeId whose room cannot be found is an error, not a silently missing page.
    (tmp_path / "model" / "media" / "rtp-media-stream.cc").write_text("// moved away\n")
    lost = sipmob("attributes", "--check", str(tmp_path))
    assert lost.returncode == 2 and "ns3::RtpMediaStream" in lost.stderr


def test_realtime_overload_stops_with_summary_and_exit_5_or_warns_and_goes_on():
    # A real-time run of a pure-simulation scenario whose hard limit (1 us) no run can keep:
    # stop mode ends at the first lag sample over it, prints the lag and the summary, exit 5
    # (never ns-3's SIGABRT); warn mode runs to the end, exit 0 (doc/realtime.md, "Overload").
    stop = sipmob("run", SCENARIO, "--realtime", "--hard-limit", "0.000001", "--set",
                  "duration=1")
    assert stop.returncode == 5, stop.stderr
    assert re.search(r"real time overloaded: lag [0-9.]+ ms > hard limit 0\.001 ms at [0-9.]+ s "
                     r"simulated; stopped there \(max lag [0-9.]+ ms\)", stop.stderr)
    assert "real time: max lag" in stop.stdout
    assert "scenario two-ap-handoff" in stop.stdout and "hand-offs:" in stop.stdout
    warn = sipmob("run", SCENARIO, "--realtime", "--hard-limit", "0.000001",
                  "--realtime-overload", "warn", "--set", "duration=1")
    assert warn.returncode == 0, warn.stderr
    assert "run continued" in warn.stderr
    assert "| 3.0 s simulated" in warn.stdout  # duration + 2 s for the user agents to stop


UNPLACED = """\
name: unplaced
duration: 20
networks:
  - name: net1
    prefix: 10.1.0.0
    subscribers: ["1000-1009"]
    access_points: [{x: 0, y: 0}]
user_agents:
  - user: "1000"
    network: net1
    calls:
      - {at: 3, callee: "1001", duration: 0.5}   # 1001 never runs: 404 or no answer
      - {at: 30, callee: "1001", duration: 1}    # due after the run's end
  - user: "1001"
    network: net1
    mobile: true
    start: 30                                    # after the run's end: never runs
    path: [{t: 0, x: 10}]
    calls:
      - {at: 5, callee: "1000", duration: 3}
      - {at: 25, callee: "1000", duration: 3}
"""


def test_every_scheduled_call_has_a_calls_row_saying_why(tmp_path):
    """Issue 12 item 2: calls that never left have rows in the database, with the reason, the
    time they were due and the time the UA stopped; the summary counts them apart."""
    scenario = tmp_path / "unplaced.yaml"
    scenario.write_text(UNPLACED)
    db = str(tmp_path / "u.db")
    res = sipmob("run", str(scenario), "--db", db)
    assert res.returncode == 0, res.stderr
    rows = query(db, "SELECT ua, peer, call_id, t_invite, t_ended, final_status, end_reason "
                     "FROM calls WHERE call_id = '' ORDER BY ua, t_invite")
    assert rows == [
        ("sip:1000@net1.example.org", "sip:1001@net1.example.org", "", 30.0, 20.0, 0,
         "after-run-end"),
        ("sip:1001@net1.example.org", "sip:1000@net1.example.org", "", 5.0, 20.0, 0,
         "not-started"),
        ("sip:1001@net1.example.org", "sip:1000@net1.example.org", "", 25.0, 20.0, 0,
         "after-run-end"),
    ]
    # The call to the user that never registered was placed and refused by the proxy.
    placed = query(db, "SELECT ua, t_invite, final_status, end_reason FROM calls "
                       "WHERE call_id != ''")
    assert placed == [("sip:1000@net1.example.org", 3.0, 404, "failed")], placed
    assert re.search(r"call legs: 1 \(0 answered\), 3 not placed", res.stdout), res.stdout


def test_realtime_priority_option_error_fifo_and_refusal():
    # --realtime-priority (doc/realtime.md, "Lag"): a bad value is refused by the parser; as root
    # the run reports SCHED_FIFO; without CAP_SYS_NICE an explicit priority is a one-line error
    # before anything runs (exit 1) and auto falls back to normal priority with a note.
    bad = sipmob("run", SCENARIO, "--realtime", "--realtime-priority", "0")
    assert bad.returncode != 0
    assert "--realtime-priority: '0': expected off, auto or a priority 1-99" in bad.stderr
    # the real-time options mean nothing in simulated time: refused without --realtime
    for option in (["--realtime-priority", "20"], ["--hard-limit", "1"],
                   ["--realtime-overload", "warn"]):
        alone = sipmob("run", SCENARIO, *option)
        assert alone.returncode != 0 and f"{option[0]} requires --realtime" in alone.stderr
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to compare with and without CAP_SYS_NICE")
    fifo = sipmob("run", SCENARIO, "--realtime", "--realtime-priority", "20", "--set", "duration=1")
    assert fifo.returncode == 0, fifo.stderr
    assert re.search(r"real time: max lag [0-9.]+ ms \(SCHED_FIFO 20, memory locked\)", fifo.stdout)
    drop = ["setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", SIPMOB, "run", SCENARIO,
            "--realtime", "--set", "duration=1"]
    refused = subprocess.run(drop + ["--realtime-priority", "20"], capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 1
    assert refused.stderr == (
        "sipmob run: real-time priority 20 refused: sched_setscheduler(SCHED_FIFO): Operation not "
        "permitted (needs root, CAP_SYS_NICE or `ulimit -r` >= 20); use --realtime-priority off\n")
    assert refused.stdout == ""
    auto = subprocess.run(drop, capture_output=True, text=True, timeout=60)
    assert auto.returncode == 0, auto.stderr
    assert "running at normal priority" in auto.stderr
    assert "(normal priority)" in auto.stdout
