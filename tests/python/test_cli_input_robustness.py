# SPDX-License-Identifier: GPL-2.0-only
"""Bad input to the `sipmob` command line gets one line and exit 2 (or the RFC's answer), never a
crash; commands that only read a results file leave it byte-identical; runs record the model they
used. Run with /usr/bin/python3 -m pytest tests/python/test_cli_input_robustness.py."""

import hashlib
import os
import re
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SCENARIO = os.path.join(REPO, "scenarios", "two-ap-handoff.yaml")

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def sipmob(*args, timeout=300):
    env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO)
    return subprocess.run([SIPMOB, *args], capture_output=True, timeout=timeout, env=env)


def one_line(r):
    """The single non-empty stderr line of a refused command."""
    lines = [line for line in r.stderr.decode(errors="replace").splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


def sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# --- --set / -p values that are not valid YAML ---------------------------------------------------

BAD_VALUES = {
    "unbalanced list": ("user_agents.1.calls.0", "[1,2", "end of sequence flow not found"),
    "unbalanced map": ("duration", "{", "end of map flow not found"),
    "unterminated quote": ("name", '"abc', "illegal EOF in scalar"),
    "unknown alias": ("name", "*x", "the referenced anchor is not defined"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_run_refuses_an_invalid_yaml_value_with_one_line(tmp_path, case):
    key, value, reason = BAD_VALUES[case]
    r = sipmob("run", SCENARIO, "--set", f"{key}={value}", "--db", str(tmp_path / "never.db"))
    assert r.returncode == 2, (r.returncode, r.stderr)
    line = one_line(r)
    assert line.startswith(f"sipmob run: --set {key}: invalid YAML value"), line
    assert reason in line, line
    assert not (tmp_path / "never.db").exists()


def test_run_refuses_a_key_below_a_plain_value_and_a_huge_index():
    r = sipmob("run", SCENARIO, "--set", "name.x=1")
    assert r.returncode == 2 and "--set name.x: 'name' is not a mapping" in one_line(r)
    r = sipmob("run", SCENARIO, "--set", "user_agents.99999999999999999999.mobile=true")
    assert r.returncode == 2, r.stderr
    assert "--set user_agents.99999999999999999999.mobile: no element" in one_line(r)


@pytest.mark.parametrize("setting, expected", [
    ("attributes.ua=[1]", "--set attributes.ua=[1]: attributes.ua: expected a single value"),
    ("traces={a: [1]}", "--set traces={a: [1]}: traces.a: expected a CSV file name"),
    ("lan={[a]: 1}", "--set lan={[a]: 1}: lan: a key must be a single name, not a list or mapping"),
])
def test_a_wrong_shape_inside_a_set_value_names_the_set(setting, expected):
    r = sipmob("run", SCENARIO, "--set", setting)
    assert r.returncode == 2, r.stderr
    assert one_line(r) == f"sipmob run: {SCENARIO}: {expected}", r.stderr


def test_a_list_as_a_key_in_the_file_is_named(tmp_path):
    bad = tmp_path / "key.yaml"
    bad.write_text("name: x\nnetworks:\n  - {name: n, ? [x]: 1}\n")
    r = sipmob("run", str(bad))
    assert r.returncode == 2, r.stderr
    assert one_line(r) == (f"sipmob run: {bad}:3: networks[0]: a key must be a single name, not a "
                           "list or mapping"), r.stderr


def test_sweep_names_the_key_of_an_invalid_value(tmp_path):
    r = sipmob("sweep", SCENARIO, "-p", "name=[,x", "--db", str(tmp_path / "never.db"))
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.decode().splitlines()
    assert lines[0] == ("sipmob sweep: --set name: invalid YAML value '[': end of sequence flow "
                        "not found"), r.stderr
    assert lines[1:] == ["sipmob sweep: nothing run (1 invalid configuration(s))"], r.stderr
    assert not (tmp_path / "never.db").exists()


# --- duplicate keys ------------------------------------------------------------------------------

def test_duplicate_key_in_the_file_is_refused_with_both_lines(tmp_path):
    lines = open(SCENARIO).read().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("mobile: true"))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}mobile: false\n")
    bad = tmp_path / "dup.yaml"
    bad.write_text("".join(lines))
    r = sipmob("run", str(bad))
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert re.fullmatch(
        rf"sipmob run: {re.escape(str(bad))}:{at + 2}: user_agents\[\d+\]\.mobile: duplicate key "
        rf"\(first at line {at + 1}\)", one_line(r)), r.stderr


def test_duplicate_key_in_a_set_value_is_refused():
    r = sipmob("run", SCENARIO, "--set", "lan={kind: shared, kind: switched}")
    assert r.returncode == 2, r.stderr
    assert one_line(r) == "sipmob run: --set lan: kind: duplicate key", r.stderr


# --- speed wording -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["-1", "0", "1001"])
def test_speed_message_states_the_rule(value):
    r = sipmob("run", SCENARIO, "--set", f"ua@1001.speed={value}")
    assert r.returncode == 2, r.stderr
    assert f"speed: must be in (0, 1000] m/s (got {value})" in one_line(r), r.stderr


# --- read-only commands --------------------------------------------------------------------------

def _other_db(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo(x)")
    conn.execute("INSERT INTO foo VALUES (1)")
    conn.commit()
    conn.close()
    return str(path)


def _journal_mode(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


READERS = {
    "report": lambda f, out: ["report", f],
    "db check": lambda f, out: ["db", "check", f],
    "plot": lambda f, out: ["plot", f, "--out", out],
    "ladder": lambda f, out: ["ladder", f, "--run", "1", "--out", out],
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("kind", ["unrelated", "empty"])
def test_reading_commands_refuse_a_foreign_file_and_leave_it_unchanged(tmp_path, command, kind):
    if kind == "unrelated":
        path = _other_db(tmp_path)
    else:
        path = str(tmp_path / "empty.db")
        open(path, "wb").close()
    before, mode = sha(path), _journal_mode(path) if kind == "unrelated" else None
    r = sipmob(*READERS[command](path, str(tmp_path / "out")))
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert one_line(r) == f"sipmob {command}: {path}: not a sipmob results file (no table runs)"
    assert sha(path) == before
    assert os.path.getsize(path) == (0 if kind == "empty" else os.path.getsize(path))
    if mode:
        assert _journal_mode(path) == mode == "delete"


def test_sweep_dry_run_reads_the_results_file_only(tmp_path):
    other = _other_db(tmp_path)
    before = sha(other)
    r = sipmob("sweep", SCENARIO, "-p", "duration=12,13", "--dry-run", "--db", other)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert one_line(r) == f"sipmob sweep: {other}: not a sipmob results file (no table runs)"
    assert sha(other) == before and _journal_mode(other) == "delete"
    missing = tmp_path / "new.db"
    r = sipmob("sweep", SCENARIO, "-p", "duration=12,13", "--dry-run", "--db", str(missing))
    assert r.returncode == 0, r.stderr
    assert "total: 0 done, 0 failed" in r.stdout.decode(), r.stdout
    assert not missing.exists()


@pytest.mark.parametrize("command", sorted(READERS))
def test_reading_commands_refuse_a_missing_file_with_one_line(tmp_path, command):
    path = str(tmp_path / "missing.db")
    r = sipmob(*READERS[command](path, str(tmp_path / "out")))
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert one_line(r) == f"sipmob {command}: {path}: no such file"
    assert not os.path.exists(path)


@pytest.fixture(scope="module")
def run_db(tmp_path_factory):
    """One short run of two-ap-handoff without --model (its scenario says home-only)."""
    db = str(tmp_path_factory.mktemp("model") / "r.db")
    r = sipmob("run", SCENARIO, "--set", "duration=12", "--db", db)
    assert r.returncode == 0, r.stderr
    return db


def test_run_records_the_model_it_used(run_db):
    conn = sqlite3.connect(run_db)
    try:
        assert conn.execute("SELECT model FROM runs").fetchall() == [("home-only",)]
    finally:
        conn.close()


def test_report_leaves_a_results_file_byte_identical(run_db):
    before = sha(run_db)
    r = sipmob("report", run_db, "--csv")
    assert r.returncode == 0, r.stderr
    assert sha(run_db) == before


def test_report_resolves_an_empty_model_of_an_old_file(run_db, tmp_path):
    old = str(tmp_path / "old.db")
    src = sqlite3.connect(run_db)
    dst = sqlite3.connect(old)
    src.backup(dst)
    src.close()
    dst.execute("UPDATE runs SET model = ''")  # as written before the model was recorded
    dst.commit()
    dst.close()
    r = sipmob("report", old, "--by", "model", "--csv")
    assert r.returncode == 0, r.stderr
    rows = [line.split(",") for line in r.stdout.decode().splitlines()[1:] if line]
    assert rows and all(row[0] == "home-only" for row in rows), r.stdout


# --- sipmob parse --------------------------------------------------------------------------------

def test_parse_refuses_missing_mandatory_headers_and_escapes_control_bytes(tmp_path):
    bare = tmp_path / "bare.sip"
    bare.write_bytes(b"INVITE sip:a@b SIP/2.0\r\n\r\n")
    nul = tmp_path / "nul.sip"
    nul.write_bytes(b"INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx\r\n"
                    b"From: <sip:c@d>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: a\x00b\r\n"
                    b"CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
    good = tmp_path / "good.sip"
    good.write_bytes(nul.read_bytes().replace(b"a\x00b", b"ab"))
    r = sipmob("parse", str(bare), str(nul), str(good))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert b"\x00" not in r.stdout
    assert (f"{bare}: error line 2, offset 24: missing Via header (mandatory in every request, "
            "RFC 3261 §8.1.1)") in out, out
    assert (f"{nul}: error line 5, offset 115: control character 0x00 in the Call-ID header") in out
    assert f"{good}: ok INVITE sip:a@b call-id=ab cseq=1 INVITE vias=1" in out
