# SPDX-License-Identifier: GPL-2.0-only
"""The allocator and the event queue change what a run costs, not what it records (issue 15
item 2): `sipmob run` linked with jemalloc (CMake SIPMOB_MALLOC, the default) against the same
binary with glibc's malloc and libstdc++'s operator new put first (LD_PRELOAD of both: jemalloc
also defines operator new/delete), and with `--scheduler calendar`.

Run with /usr/bin/python3 -m pytest tests/python/test_cost_knobs.py.
"""

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


def linked_libraries():
    """soname -> path of the libraries the dynamic loader gives build/sipmob."""
    out = subprocess.run(["ldd", SIPMOB], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^\s*(\S+) => (\S+)", out, re.M))


def run(tmp_path, name, *args, env=None):
    """Runs the scenario (12 s), returns (printed lines but the wall-time one, table rows)."""
    db = str(tmp_path / f"{name}.db")
    proc = subprocess.run([SIPMOB, "run", SCENARIO, "--set", "duration=12", "--db", db, *args],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))
    assert proc.returncode == 0, proc.stderr
    printed = [line for line in proc.stdout.splitlines() if "wall" not in line]
    conn = sqlite3.connect(db)
    try:
        rows = {}
        for table in ("handoffs", "registrations", "calls", "media"):
            cols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] != "run_id"]
            rows[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        return printed, rows
    finally:
        conn.close()


def test_glibc_malloc_and_jemalloc_record_the_same_run(tmp_path):
    libs = linked_libraries()
    if "libjemalloc.so.2" not in libs:
        pytest.skip("build/sipmob is not linked with jemalloc (SIPMOB_MALLOC=system)")
    printed, rows = run(tmp_path, "jemalloc")
    assert len(rows["handoffs"]) == 1 and len(rows["media"]) == 2  # the run has what we compare
    glibc = {"LD_PRELOAD": f"{libs['libc.so.6']} {libs['libstdc++.so.6']}"}
    # so preloaded, every library's malloc, free, new and delete bind to glibc / libstdc++
    probe = subprocess.run([SIPMOB, "--version"], capture_output=True, text=True,
                           env=dict(os.environ, LD_DEBUG="bindings", **glibc))
    assert re.search(r"to \S*libc\.so\.6 \[0\]: normal symbol `malloc'", probe.stderr)
    assert re.search(r"to \S*libstdc\+\+\.so\.6 \[0\]: normal symbol `_Znwm'", probe.stderr)
    for symbol in ("malloc", "free", "_Znwm", "_ZdlPv", "_ZdlPvm"):
        assert f"libjemalloc.so.2 [0]: normal symbol `{symbol}'" not in probe.stderr
    assert run(tmp_path, "glibc", env=glibc) == (printed, rows)


def test_calendar_scheduler_records_the_same_run(tmp_path):
    base = run(tmp_path, "map")
    assert run(tmp_path, "calendar", "--scheduler", "calendar") == base


def test_unknown_scheduler_is_refused():
    proc = subprocess.run([SIPMOB, "run", SCENARIO, "--scheduler", "fifo"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0
    assert "--scheduler" in proc.stderr and "fifo" in proc.stderr
